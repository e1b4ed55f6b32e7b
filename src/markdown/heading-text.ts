import type { Node } from 'commonmark';

// `alt` is an image's description, which is its children's plain text (what mdast-util-to-string gave the memories
// before: raw HTML kept, a hard break nothing).
function flatten(node: Node, out: string[], alt: boolean): void {
  for (let child = node.firstChild; child !== null; child = child.next) {
    switch (child.type) {
      case 'text':
      case 'code':
        out.push(child.literal ?? '');
        break;
      case 'softbreak':
        out.push('\n');
        break;
      case 'linebreak':
        if (!alt) out.push(' ');
        break;
      case 'html_inline':
        // Raw inline tags (<kbd>, <br>) are markup, not words of the heading.
        if (alt) out.push(child.literal ?? '');
        break;
      case 'image':
        flatten(child, out, true);
        break;
      default:
        flatten(child, out, alt);
    }
  }
}

/** The plain text of a heading: inline code, emphasis and links flattened, whitespace collapsed. */
export function headingText(heading: Node): string {
  const out: string[] = [];
  flatten(heading, out, false);
  return out.join('').replace(/\s+/g, ' ').trim();
}
