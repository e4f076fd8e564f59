// Tells the runtime types what the main module exports (used by `exports` from cloudflare:workers in tests).
declare namespace Cloudflare {
  interface GlobalProps {
    mainModule: typeof import("./index");
    durableNamespaces: "FeedHub";
  }
}
