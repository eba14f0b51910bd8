/** Word wrapping of prose lines for the terminal (80 columns). */

/** Wraps `text` at spaces to lines of at most `width` code points; its leading spaces stay, continuation lines start with `indent`. */
export function wrap(text: string, width = 80, indent = ''): string[] {
  const lead = /^ */.exec(text)![0];
  const lines: string[] = [];
  let line = lead;
  for (const word of text.slice(lead.length).split(' ')) {
    const next = line.trim() ? `${line} ${word}` : `${line}${word}`;
    if ([...next].length > width && line.trim()) {
      lines.push(line);
      line = `${indent}${word}`;
    } else {
      line = next;
    }
  }
  if (line.trim()) lines.push(line);
  return lines;
}
