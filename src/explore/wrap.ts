/** Word wrapping of prose lines for the terminal (80 columns). */

/** Wraps `text` at spaces to lines of at most `width` code points, continuation lines indented by `indent`. */
export function wrap(text: string, width = 80, indent = ''): string[] {
  const words = text.split(' ');
  const lines: string[] = [];
  let line = '';
  for (const word of words) {
    const next = line ? `${line} ${word}` : word;
    if ([...next].length > width && line) {
      lines.push(line);
      line = `${indent}${word}`;
    } else {
      line = next;
    }
  }
  if (line) lines.push(line);
  return lines;
}
