import type { Heading, PhrasingContent } from 'mdast';

function flatten(nodes: PhrasingContent[], out: string[]): void {
  for (const node of nodes) {
    switch (node.type) {
      case 'text':
      case 'inlineCode':
        out.push(node.value);
        break;
      case 'image':
      case 'imageReference':
        out.push(node.alt ?? '');
        break;
      case 'break':
        out.push(' ');
        break;
      case 'html':
        // Raw inline tags (<kbd>, <br>) are markup, not words of the heading.
        break;
      default:
        if ('children' in node) flatten(node.children, out);
    }
  }
}

/** The plain text of a heading: inline code, emphasis and links flattened, whitespace collapsed. */
export function headingText(heading: Heading): string {
  const out: string[] = [];
  flatten(heading.children, out);
  return out.join('').replace(/\s+/g, ' ').trim();
}
