import type { Bond, Piece } from '../fracture/fractured-doc.js';

/**
 * The bond graph at run time: which bonds still hold, each piece's bonds, and the
 * connected components that decide what moves as one rigid body.
 */
export class BondState {
  readonly broken: Uint8Array;
  /** Bond indices per piece. */
  readonly byPiece: number[][];
  /** Pieces that rest on the ground (bonded to it). */
  readonly grounded: Uint8Array;

  constructor(
    readonly bonds: Bond[],
    pieces: Piece[],
    groundTopY: number,
  ) {
    this.broken = new Uint8Array(bonds.length);
    this.byPiece = pieces.map(() => []);
    bonds.forEach((b, i) => {
      this.byPiece[b.a].push(i);
      this.byPiece[b.b].push(i);
    });
    this.grounded = new Uint8Array(pieces.length);
    for (const p of pieces) {
      let min = Infinity;
      for (let k = 1; k < p.hull.vertices.length; k += 3) min = Math.min(min, p.hull.vertices[k]);
      if (p.centerM[1] + min <= groundTopY + 0.01) this.grounded[p.index] = 1;
    }
  }

  other(bond: number, piece: number): number {
    const b = this.bonds[bond];
    return b.a === piece ? b.b : b.a;
  }

  /** Breaks every bond of a piece; returns how many broke. */
  breakAllOf(piece: number): number {
    let n = 0;
    for (const i of this.byPiece[piece]) if (!this.broken[i]) (this.broken[i] = 1), n++;
    return n;
  }

  /**
   * Connected components (by unbroken bonds) of `pieces`, restricted to them; each sorted,
   * the list sorted by first piece.
   */
  components(pieces: readonly number[]): number[][] {
    const inSet = new Set(pieces);
    const seen = new Set<number>();
    const out: number[][] = [];
    for (const start of [...pieces].sort((a, b) => a - b)) {
      if (seen.has(start)) continue;
      const comp: number[] = [];
      const stack = [start];
      seen.add(start);
      while (stack.length) {
        const p = stack.pop() as number;
        comp.push(p);
        for (const bi of this.byPiece[p]) {
          if (this.broken[bi]) continue;
          const q = this.other(bi, p);
          if (inSet.has(q) && !seen.has(q)) {
            seen.add(q);
            stack.push(q);
          }
        }
      }
      out.push(comp.sort((a, b) => a - b));
    }
    return out;
  }

  /** Of `standing` pieces, those still connected to a grounded piece through unbroken bonds. */
  anchored(standing: readonly number[]): Set<number> {
    const inSet = new Set(standing);
    const reached = new Set<number>();
    const stack = standing.filter((p) => this.grounded[p]);
    for (const p of stack) reached.add(p);
    while (stack.length) {
      const p = stack.pop() as number;
      for (const bi of this.byPiece[p]) {
        if (this.broken[bi]) continue;
        const q = this.other(bi, p);
        if (inSet.has(q) && !reached.has(q)) {
          reached.add(q);
          stack.push(q);
        }
      }
    }
    return reached;
  }
}
