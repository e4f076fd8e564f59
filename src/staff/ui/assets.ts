/** The staff pages' browser code comes from the shared manifest reader (src/web/client-assets.ts). */
export { type ClientAsset, clientAssetUrl } from "../../web/client-assets";
