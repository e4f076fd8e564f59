/** The notification and mention texts of the page's language (`notify` in the boot texts, src/staff/ui/i18n-notify.ts). */
import { boot } from "./boot";

export const NT = boot.t.notify;
