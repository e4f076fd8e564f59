/**
 * Letters of other scripts that look like Latin letters (after NFKD, which already folds
 * full-width and mathematical letters), folded to the Latin letter they imitate: a phrase or a
 * label typed with Cyrillic "а" or Greek "ο" reads as Latin. A subset of Unicode's confusables
 * (UTS #39) for the letters a-z, in both cases.
 */

const PAIRS =
  // Cyrillic
  "Аa Вb Еe Кk Мm Нh Оo Рp Сc Тt Уy Хx Ѕs Іi Јj Ԁd Ԛq Ԝw Үy Һh Ӏl Ѵv Ԍg Ԛq Ꙇi " +
  "аa вb еe кk мm нh оo рp сc тt уy хx ѕs іi јj ԁd ԛq ԝw үy һh ӏl ѵv ԍg ɡg ьb пn гr " +
  // Greek
  "Αa Βb Εe Ζz Ηh Ιi Κk Μm Νn Οo Ρp Τt Υy Χx ϜF " +
  "αa βb εe ιi κk νv οo ρp τt υu χx γy ϲc ϳj ζz ηn ωw " +
  // Armenian, Cherokee, Latin variants without a decomposition
  "օo սu հh ոn ցg զq աw Օo Սu Տs " +
  "Ꭺa Ᏼb Ꮯc Ꭰd Ꭼe Ꮐg Ꮋh Ꭻj Ꮶk Ꮮl Ꮇm Ꮻo Ꮲp Ꮪs Ꮤt Ꮩv Ꮃw Ꮍy Ꮓz " +
  "ıi ȷj ɑa ɩi ɪi ʟl ʀr ʏy ʙb ʜh ɢg ɴn ᴀa ᴄc ᴅd ᴇe ᴊj ᴋk ᴍm ᴏo ᴘp ᴛt ᴜu ᴠv ᴡw ᴢz ꜱs ꜰf ǫq " +
  "øo Øo đd Đd ħh łl Łl ŧt ƀb ɨi ɵo ꝺd ſs ƒf";

export const CONFUSABLES: ReadonlyMap<string, string> = new Map(
  PAIRS.split(" ")
    .filter(Boolean)
    .map((p) => {
      const [from, latin] = [...p] as [string, string];
      // Keep the case (base58 keys are case-sensitive): a capital look-alike becomes a capital.
      return [from, from !== from.toLowerCase() ? latin.toUpperCase() : latin] as const;
    }),
);
