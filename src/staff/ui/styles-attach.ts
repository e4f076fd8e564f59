/** Styles of attachments: thread thumbnails, PDF first pages, file chips, and the composer's files. */
export const ATTACH_CSS = `.atts{list-style:none;padding:0;display:flex;flex-wrap:wrap;gap:.5rem;align-items:flex-start}
.att{display:flex;flex-direction:column;gap:.25rem;max-width:100%}
.thumb-link{display:block;line-height:0}
.thumb{max-width:min(240px,100%);max-height:180px;width:auto;height:auto;object-fit:contain;border:1px solid #dde1e6;border-radius:6px;background:#f6f8fa}
.pdf-thumb{width:min(200px,100%);height:260px;border:1px solid #dde1e6;border-radius:6px;background:#fff;overflow:hidden}
.file-chip{display:inline-flex;align-items:center;gap:.35rem;max-width:16rem;padding:.2rem .55rem;border:1px solid #dde1e6;border-radius:999px;background:#f6f8fa;text-decoration:none;color:#1b1f24;font-size:.82rem}
.file-name{overflow:hidden;text-overflow:ellipsis;white-space:nowrap;min-width:0}
.attach-bar{display:flex;flex-wrap:wrap;align-items:center;gap:.4rem;margin-top:.35rem}
.upload-chips{list-style:none;margin:0;padding:0;display:flex;flex-wrap:wrap;gap:.35rem;min-width:0}
.upload-chip{display:inline-flex;align-items:center;gap:.3rem;max-width:16rem;padding:.15rem .3rem .15rem .55rem;border:1px solid #0b57d0;border-radius:999px;background:#eef3fd;font-size:.82rem}
.upload-chip.busy{border-style:dashed;color:#5f6368}
.chip-remove{border:0;background:none;color:#5f6368;font-size:1rem;line-height:1;padding:0 .25rem;cursor:pointer}
.composer.dropping{outline:2px dashed #0b57d0;outline-offset:2px;background:#eef3fd}
`;
