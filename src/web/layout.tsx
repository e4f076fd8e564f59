/**
 * One document shell for every server-rendered page, through Hono's renderer (`c.setRenderer`, the
 * mechanism `jsxRenderer` is built on, without its streaming and nested-layout machinery, which
 * cost ~8 KiB of the gzipped bundle for nothing these pages use): a handler calls
 * `c.render(body, { lang, title, css })` and gets the whole page (doctype, language, viewport, noindex).
 */
import type { Context, MiddlewareHandler, TypedResponse } from "hono";
import { raw } from "hono/html";
import type { Child } from "hono/jsx";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { Language } from "../core/inbound";

/** What a page tells the shell. */
export interface PageProps {
  lang: Language;
  title: string;
  /** The page's own stylesheet, inlined (its CSP allows inline styles only). */
  css?: string;
  /** Extra head elements (a stylesheet link, a script). */
  head?: Child;
  /** `<meta name="referrer">`, for a page whose form posts need their Origin. */
  referrer?: string;
  /** Wrap the body in `<main>` (default); false when the page lays out its own landmarks. */
  main?: boolean;
  /** Let search engines index the page (public pages only); every other page says noindex. */
  index?: boolean;
}

/**
 * A page as a typed client (`hc`) sees it: HTML text, never JSON. Hono types `c.html` as a plain
 * Response, which would leave a route that answers both a page and JSON without a JSON type.
 */
export type PageResponse = Response & TypedResponse<string, ContentfulStatusCode, "text">;

/** `c.render(body, props)`: what Hono's ContextRenderer means in this app. */
type RenderPage = (content: Child, props: PageProps) => PageResponse | Promise<PageResponse>;

declare module "hono" {
  interface ContextRenderer extends RenderPage {}
}

/** The shell itself. */
export function Document(props: PageProps & { children?: Child }) {
  return (
    <html lang={props.lang === "zh" ? "zh-CN" : "en"}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        {props.index ? null : <meta name="robots" content="noindex" />}
        {props.referrer ? <meta name="referrer" content={props.referrer} /> : null}
        <title>{props.title}</title>
        {/* raw: entities are not decoded inside <style>, so escaping would break the quotes */}
        {props.css ? <style>{raw(props.css)}</style> : null}
        {props.head}
      </head>
      <body>{props.main === false ? props.children : <main>{props.children}</main>}</body>
    </html>
  );
}

const DOCTYPE = "<!doctype html>";

/** Mounted once for the whole app: gives every handler (and the error handlers) `c.render`. */
export const pageRenderer: MiddlewareHandler = async (c, next) => {
  c.setRenderer((content, props) => c.html(renderDocument(props, content)) as PageResponse);
  await next();
};

/** The whole page as a string, where no request renders it (a page built ahead of its response). */
export function renderDocument(props: PageProps, body: Child): string {
  return `${DOCTYPE}${(<Document {...props}>{body}</Document>).toString()}`;
}

/** `c.render` with a status. */
export function renderPage(
  c: Context,
  status: number,
  body: Child,
  props: PageProps,
): PageResponse | Promise<PageResponse> {
  c.status(status as 200);
  return c.render(body, props);
}
