/** Inbox texts of attachments: previews in the thread, and the composer's files (attach, drop, paste, remove). */
import type { Language } from "../../core/inbound";

export interface AttachTexts {
  /** The composer's button that opens the file picker. */
  attach: string;
  /** Shown over the composer while files are dragged onto it. */
  dropHere: string;
  /** A file still uploading: `{name}`. */
  uploading: string;
  /** Send pressed while a file is still uploading. */
  waitForUploads: string;
  /** The chip's remove button: `{name}`. */
  remove: string;
  /** Under the attach button: what may be attached. */
  limits: string;
  /** A thumbnail's link: `{name}`. */
  openFull: string;
  /** A PDF preview's title: `{name}`. */
  pdfPreview: string;
  download: string;
}

const TEXTS: Record<Language, AttachTexts> = {
  en: {
    attach: "Attach",
    dropHere: "Drop files to attach them",
    uploading: "Uploading {name}…",
    waitForUploads: "Wait until the files have uploaded, then send",
    remove: "Remove {name}",
    limits: "Images, PDF, text, CSV or MP4; up to {count} files of {size} each",
    openFull: "Open {name} full size",
    pdfPreview: "First page of {name}",
    download: "Download",
  },
  zh: {
    attach: "附件",
    dropHere: "拖放文件到此处以添加附件",
    uploading: "正在上传 {name}…",
    waitForUploads: "请等待文件上传完成后再发送",
    remove: "移除 {name}",
    limits: "图片、PDF、文本、CSV 或 MP4；最多 {count} 个文件，每个不超过 {size}",
    openFull: "查看 {name} 原图",
    pdfPreview: "{name} 的第一页",
    download: "下载",
  },
};

/** The attachment texts in a language. */
export function attachTexts(lang: Language): AttachTexts {
  return TEXTS[lang];
}
