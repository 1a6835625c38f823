/**
 * A terminal screen for tests: applies what a program writes (text, newlines, and the cursor and
 * erase sequences Node's readline emits) to rows of characters, so a test reads the screen as a
 * user would see it.
 */
export class VirtualTerminal {
  private readonly screen: string[][] = [[]];
  private row = 0;
  private col = 0;

  constructor(private readonly columns: number) {}

  /** The screen's rows, trailing spaces trimmed. */
  rows(): string[] {
    return this.screen.map((r) => r.join('').replace(/\s+$/, ''));
  }

  write(text: string): void {
    // Bounded: each step consumes at least one character.
    for (let i = 0; i < text.length;) {
      const csi = /^\x1b\[\??([0-9;]*)([A-Za-z])/.exec(text.slice(i, i + 16));
      if (csi) {
        this.control(csi[2], csi[1] === '' ? undefined : Number(csi[1].split(';')[0]));
        i += csi[0].length;
        continue;
      }
      const ch = text[i++];
      if (ch === '\n') this.moveTo(this.row + 1, 0);
      else if (ch === '\r') this.col = 0;
      else if (ch === '\x1b')
        continue; // another escape: not drawn
      else this.put(ch);
    }
  }

  private control(command: string, n: number | undefined): void {
    const count = n ?? 1;
    const line = this.line();
    switch (command) {
      case 'A':
        return this.moveTo(Math.max(0, this.row - count), this.col);
      case 'B':
        return this.moveTo(this.row + count, this.col);
      case 'C':
        this.col += count;
        return;
      case 'D':
        this.col = Math.max(0, this.col - count);
        return;
      case 'G':
        this.col = Math.max(0, count - 1);
        return;
      case 'K':
        if ((n ?? 0) === 2) line.length = 0;
        else if ((n ?? 0) === 0) line.length = Math.min(line.length, this.col);
        else for (let c = 0; c < Math.min(this.col + 1, line.length); c++) line[c] = ' ';
        return;
      case 'J':
        if ((n ?? 0) === 0) {
          line.length = Math.min(line.length, this.col);
          this.screen.length = this.row + 1;
        }
        return;
      default:
        return; // modes and the like: nothing on screen
    }
  }

  private line(): string[] {
    while (this.screen.length <= this.row) this.screen.push([]);
    return this.screen[this.row];
  }

  private moveTo(row: number, col: number): void {
    this.row = row;
    this.col = col;
    this.line();
  }

  private put(ch: string): void {
    if (this.col >= this.columns) this.moveTo(this.row + 1, 0);
    const line = this.line();
    while (line.length < this.col) line.push(' ');
    line[this.col++] = ch;
  }
}
