import { LLkLookaheadStrategy, type ILookaheadStrategy } from 'chevrotain';

type Alternation = ILookaheadStrategy['buildLookaheadForAlternation'];
type Optional = ILookaheadStrategy['buildLookaheadForOptional'];

/**
 * Chevrotain's LL(k) lookahead, with each decision's function built the first
 * time the parser reaches it rather than all of them in `performSelfAnalysis()`:
 * building them all was 33 of the parser's 51 ms, paid by every `k2o` start,
 * while a text reaches only the rules it uses (a file of SELECTs never builds
 * CREATE TABLE's). The functions are the same; only when they are built moves.
 */
export class LazyLookahead extends LLkLookaheadStrategy {
  override buildLookaheadForAlternation(options: Parameters<Alternation>[0]): ReturnType<Alternation> {
    let built: ReturnType<Alternation> | undefined;
    const build = () => (built ??= super.buildLookaheadForAlternation(options));
    return function (this: unknown, alternatives) {
      return build().call(this, alternatives);
    };
  }

  override buildLookaheadForOptional(options: Parameters<Optional>[0]): ReturnType<Optional> {
    let built: ReturnType<Optional> | undefined;
    const build = () => (built ??= super.buildLookaheadForOptional(options));
    return function (this: unknown) {
      return build().call(this);
    };
  }
}
