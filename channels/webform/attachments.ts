/** Which uploaded files the form accepts: the rules every upload shares live in src/core/uploads.ts. */
export {
  ALLOWED_ATTACHMENT_TYPES,
  type AllowedAttachmentType,
  type AttachmentLimits,
  acceptAttachments,
  FILE_INPUT_ACCEPT,
  matchesMagicBytes,
} from "../../src/core/uploads";
