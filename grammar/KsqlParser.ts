import { CstParser } from 'chevrotain';
import { LazyLookahead } from './lazyLookahead.js';
import * as T from './tokens.js';

const MAX_LOOKAHEAD = 4;

/**
 * The grammar of k2o, as a Chevrotain CstParser. Rules are class properties so a
 * wrong SUBRULE is a compile error. One instance is built and reused: set
 * `input`, call `script()`.
 */
export class KsqlParser extends CstParser {
  /**
   * `validated: false` skips Chevrotain's checks of the grammar itself
   * (ambiguities, left recursion) — a third of building the parser, paid by
   * every `k2o` start. The grammar tests build it validated, so a grammar
   * that fails them never ships. Lookahead functions are built on first use
   * (LazyLookahead), in the tests as in the CLI.
   */
  constructor({ validated = true }: { validated?: boolean } = {}) {
    super(T.allTokens, {
      recoveryEnabled: true,
      maxLookahead: MAX_LOOKAHEAD,
      lookaheadStrategy: new LazyLookahead({ maxLookahead: MAX_LOOKAHEAD }),
      nodeLocationTracking: 'full',
      skipValidations: !validated,
    });
    this.performSelfAnalysis();
  }

  /**
   * Recovery may pretend a missing keyword was there, except before a plain name:
   * a name where a keyword belongs is that keyword misspelt (FORM for FROM) more
   * often than a keyword left out, and reading it as the name that may follow
   * (a connector after FROM) would report the rest of the statement as wrong too.
   */
  override canTokenTypeBeInsertedInRecovery(): boolean {
    return this.LA(1).tokenType !== T.Identifier;
  }

  script = this.RULE('script', () => {
    this.MANY(() => {
      this.OR([{ ALT: () => this.SUBRULE(this.statement) }, { ALT: () => this.CONSUME(T.Semicolon) }]);
    });
  });

  statement = this.RULE('statement', () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.createStatement) },
      { ALT: () => this.SUBRULE(this.dropStatement) },
      { ALT: () => this.SUBRULE(this.explainStatement) },
      { ALT: () => this.SUBRULE(this.insertStatement) },
      { ALT: () => this.SUBRULE(this.showStatement) },
      { ALT: () => this.SUBRULE(this.describeStatement) },
      { ALT: () => this.SUBRULE(this.terminateStatement) },
      { ALT: () => this.SUBRULE(this.setStatement) },
      { ALT: () => this.SUBRULE(this.selectQuery) },
    ]);
  });

  explainStatement = this.RULE('explainStatement', () => {
    this.CONSUME(T.Explain);
    this.OPTION(() => this.CONSUME(T.Verbose));
    this.OR([{ ALT: () => this.SUBRULE(this.selectQuery) }, { ALT: () => this.SUBRULE(this.insertStatement) }]);
  });

  createStatement = this.RULE('createStatement', () => {
    this.CONSUME(T.Create);
    this.OR([{ ALT: () => this.SUBRULE(this.createStream) }, { ALT: () => this.SUBRULE(this.createTable) }]);
  });

  createStream = this.RULE('createStream', () => {
    this.CONSUME(T.Stream);
    this.SUBRULE(this.name);
    this.CONSUME(T.LParen);
    this.AT_LEAST_ONE_SEP({
      SEP: T.Comma,
      DEF: () => {
        this.OR([{ ALT: () => this.SUBRULE(this.watermarkDef) }, { ALT: () => this.SUBRULE(this.columnDef) }]);
      },
    });
    this.CONSUME(T.RParen);
    this.OPTION(() => this.SUBRULE(this.withOptions));
  });

  /** `CREATE TABLE [IF NOT EXISTS] t (col TYPE, …, PRIMARY KEY (a, b)) IN oracle`: a sink table created before any query runs. */
  createTable = this.RULE('createTable', () => {
    this.CONSUME(T.Table);
    this.OPTION(() => {
      this.CONSUME(T.If);
      this.CONSUME(T.Not);
      this.CONSUME(T.Exists);
    });
    this.SUBRULE(this.name);
    this.CONSUME(T.LParen);
    this.AT_LEAST_ONE_SEP({
      SEP: T.Comma,
      DEF: () => {
        this.OR([{ ALT: () => this.SUBRULE(this.primaryKey) }, { ALT: () => this.SUBRULE(this.columnDef) }]);
      },
    });
    this.CONSUME(T.RParen);
    this.CONSUME(T.In);
    this.SUBRULE(this.connector);
  });

  primaryKey = this.RULE('primaryKey', () => {
    this.CONSUME(T.Primary);
    this.CONSUME(T.Key);
    this.SUBRULE(this.nameList);
  });

  dropStatement = this.RULE('dropStatement', () => {
    this.CONSUME(T.Drop);
    this.OR([{ ALT: () => this.CONSUME(T.Stream) }, { ALT: () => this.CONSUME(T.Table) }]);
    this.OPTION(() => {
      this.CONSUME(T.If);
      this.CONSUME(T.Exists);
    });
    this.SUBRULE(this.name);
  });

  /** `INSERT INTO oracle t SELECT … FROM oracle s [MODE OVERWRITE|APPEND|IGNORE|ERROR]`: a batch copy. */
  insertStatement = this.RULE('insertStatement', () => {
    this.CONSUME(T.Insert);
    this.CONSUME(T.Into);
    this.SUBRULE(this.connector);
    this.SUBRULE(this.name);
    this.SUBRULE(this.queryBody);
    this.OPTION(() => this.SUBRULE(this.modeClause));
    this.OPTION2(() => this.SUBRULE(this.withOptions));
  });

  showStatement = this.RULE('showStatement', () => {
    this.CONSUME(T.Show);
    this.OR([{ ALT: () => this.CONSUME(T.Queries) }, { ALT: () => this.CONSUME(T.Streams) }, { ALT: () => this.CONSUME(T.Tables) }]);
  });

  describeStatement = this.RULE('describeStatement', () => {
    this.CONSUME(T.Describe);
    this.SUBRULE(this.name);
  });

  terminateStatement = this.RULE('terminateStatement', () => {
    this.CONSUME(T.Terminate);
    this.OR([{ ALT: () => this.SUBRULE(this.name) }, { ALT: () => this.CONSUME(T.StringLiteral) }]);
  });

  setStatement = this.RULE('setStatement', () => {
    this.CONSUME(T.SetKeyword);
    this.SUBRULE(this.name);
    this.CONSUME(T.Equals);
    this.SUBRULE(this.literal);
  });

  /**
   * A connector (`kafka`, `postgres`, …): a plain identifier, which the analyzer
   * looks up in the connector registry, so a new connector needs no grammar edit.
   */
  connector = this.RULE('connector', () => {
    this.CONSUME(T.Identifier);
  });

  nameList = this.RULE('nameList', () => {
    this.CONSUME(T.LParen);
    this.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.name) });
    this.CONSUME(T.RParen);
  });

  columnDef = this.RULE('columnDef', () => {
    this.SUBRULE(this.name);
    this.SUBRULE(this.typeName);
    this.OPTION(() => {
      this.CONSUME(T.Not);
      this.CONSUME(T.Null);
    });
  });

  /** A type, with the database spellings a CREATE TABLE may use: `NUMBER(10, 2)`, `TIMESTAMP(3) WITH TIME ZONE`. */
  typeName = this.RULE('typeName', () => {
    this.OR([{ ALT: () => this.SUBRULE(this.name) }, { ALT: () => this.CONSUME(T.Interval) }]);
    this.OPTION(() => {
      this.CONSUME(T.LParen);
      this.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => this.CONSUME(T.NumberLiteral) });
      this.CONSUME(T.RParen);
    });
    this.OPTION2(() => {
      this.CONSUME(T.With);
      this.AT_LEAST_ONE(() => this.CONSUME(T.Identifier));
    });
  });

  watermarkDef = this.RULE('watermarkDef', () => {
    this.CONSUME(T.Watermark);
    this.CONSUME(T.For);
    this.SUBRULE(this.name);
    this.CONSUME(T.As);
    this.SUBRULE(this.expression);
  });

  withOptions = this.RULE('withOptions', () => {
    this.CONSUME(T.With);
    this.CONSUME(T.LParen);
    this.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.optionItem) });
    this.CONSUME(T.RParen);
  });

  optionItem = this.RULE('optionItem', () => {
    this.SUBRULE(this.name);
    this.CONSUME(T.Equals);
    this.SUBRULE(this.literal);
  });

  selectQuery = this.RULE('selectQuery', () => {
    this.SUBRULE(this.queryBody);
    this.SUBRULE(this.intoClause);
  });

  /** SELECT … FROM … up to HAVING: what a streaming query and a batch INSERT share. */
  queryBody = this.RULE('queryBody', () => {
    this.CONSUME(T.Select);
    this.OPTION(() => this.CONSUME(T.Distinct));
    this.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.selectItem) });
    this.SUBRULE(this.fromClause);
    this.OPTION2(() => this.SUBRULE(this.whereClause));
    this.OPTION3(() => this.SUBRULE(this.dedupClause));
    this.OPTION4(() => this.SUBRULE(this.qualityClause));
    this.OPTION5(() => this.SUBRULE(this.groupByClause));
    this.OPTION6(() => this.SUBRULE(this.havingClause));
  });

  whereClause = this.RULE('whereClause', () => {
    this.CONSUME(T.Where);
    this.SUBRULE(this.expression);
  });

  /** `DEDUPLICATE ON (order_id) WITHIN '1 hour'`: the first row of each key wins for that long. */
  dedupClause = this.RULE('dedupClause', () => {
    this.CONSUME(T.Deduplicate);
    this.CONSUME(T.On);
    this.SUBRULE(this.nameList);
    this.CONSUME(T.Within);
    this.CONSUME(T.StringLiteral);
  });

  /** `QUALITY (amount > 0 AS positive_amount, …)`: each rule adds a `quality_<name>` column. */
  qualityClause = this.RULE('qualityClause', () => {
    this.CONSUME(T.Quality);
    this.CONSUME(T.LParen);
    this.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.qualityRule) });
    this.CONSUME(T.RParen);
  });

  qualityRule = this.RULE('qualityRule', () => {
    this.SUBRULE(this.expression);
    this.CONSUME(T.As);
    this.SUBRULE(this.name);
  });

  groupByClause = this.RULE('groupByClause', () => {
    this.CONSUME(T.Group);
    this.CONSUME(T.By);
    this.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.expression) });
  });

  havingClause = this.RULE('havingClause', () => {
    this.CONSUME(T.Having);
    this.SUBRULE(this.expression);
  });

  selectItem = this.RULE('selectItem', () => {
    this.OR([
      { ALT: () => this.CONSUME(T.Star) },
      {
        ALT: () => {
          this.SUBRULE(this.expression);
          this.OPTION(() => {
            this.CONSUME(T.As);
            this.SUBRULE(this.name);
          });
        },
      },
    ]);
  });

  /** `FROM kafka orders`, `FROM kafka a, b`, `FROM kafka 'orders_.*'`, `FROM postgres t`. */
  fromClause = this.RULE('fromClause', () => {
    this.CONSUME(T.From);
    this.SUBRULE(this.connector);
    this.OR([
      { ALT: () => this.CONSUME(T.StringLiteral) },
      { ALT: () => this.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.name) }) },
    ]);
  });

  intoClause = this.RULE('intoClause', () => {
    this.CONSUME(T.Into);
    this.SUBRULE(this.sinkTarget);
    this.OPTION2(() => this.SUBRULE(this.modeClause));
    this.OPTION3(() => {
      this.CONSUME(T.Key);
      this.SUBRULE(this.nameList);
    });
    this.MANY(() => this.SUBRULE(this.routeClause));
    this.OPTION4(() => this.SUBRULE(this.trigger));
    this.OPTION5(() => this.SUBRULE(this.withOptions));
  });

  /**
   * `oracle t`, `postgres t`, `kafka topic` or `CONSOLE`. The console takes no
   * name, so the non-reserved words that may follow it (MODE, KEY, EVERY, …)
   * are never read as one.
   */
  sinkTarget = this.RULE('sinkTarget', () => {
    this.OR([
      {
        ALT: () => {
          this.SUBRULE(this.connector);
          this.SUBRULE(this.qualifiedName);
        },
      },
      { ALT: () => this.CONSUME(T.Console) },
    ]);
  });

  /** `table`, `schema.table`, or a topic such as `orders.v2`. */
  qualifiedName = this.RULE('qualifiedName', () => {
    this.SUBRULE(this.name);
    this.MANY(() => {
      this.CONSUME(T.Dot);
      this.SUBRULE2(this.name);
    });
  });

  modeClause = this.RULE('modeClause', () => {
    this.CONSUME(T.Mode);
    this.OR([
      { ALT: () => this.CONSUME(T.Append) },
      { ALT: () => this.CONSUME(T.Update) },
      { ALT: () => this.CONSUME(T.Complete) },
      { ALT: () => this.CONSUME(T.Overwrite) },
      { ALT: () => this.CONSUME(T.Ignore) },
      { ALT: () => this.CONSUME(T.ErrorKeyword) },
    ]);
  });

  /** Where rows that leave the main flow go: `FAILED ROWS INTO …`, `DEAD LETTERS INTO …`, `LATE ROWS INTO …`. */
  routeClause = this.RULE('routeClause', () => {
    this.OR([
      {
        ALT: () => {
          this.CONSUME(T.Failed);
          this.CONSUME(T.Rows);
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.Dead);
          this.CONSUME(T.Letters);
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.Late);
          this.CONSUME2(T.Rows);
        },
      },
    ]);
    this.CONSUME(T.Into);
    this.SUBRULE(this.sinkTarget);
  });

  trigger = this.RULE('trigger', () => {
    this.OR([
      {
        ALT: () => {
          this.CONSUME(T.Every);
          this.CONSUME(T.StringLiteral);
        },
      },
      { ALT: () => this.CONSUME(T.Once) },
      {
        ALT: () => {
          this.CONSUME(T.Available);
          this.CONSUME(T.Now);
        },
      },
      { ALT: () => this.CONSUME(T.Continuous) },
    ]);
  });

  expression = this.RULE('expression', () => {
    this.SUBRULE(this.andExpression);
    this.MANY(() => {
      this.CONSUME(T.Or);
      this.SUBRULE2(this.andExpression);
    });
  });

  andExpression = this.RULE('andExpression', () => {
    this.SUBRULE(this.notExpression);
    this.MANY(() => {
      this.CONSUME(T.And);
      this.SUBRULE2(this.notExpression);
    });
  });

  notExpression = this.RULE('notExpression', () => {
    this.OR([
      {
        ALT: () => {
          this.CONSUME(T.Not);
          this.SUBRULE(this.notExpression);
        },
      },
      { ALT: () => this.SUBRULE(this.predicate) },
    ]);
  });

  /** A comparison or SQL predicate on an additive operand. */
  predicate = this.RULE('predicate', () => {
    this.SUBRULE(this.additive);
    this.OPTION(() => {
      this.OR([
        {
          ALT: () => {
            this.SUBRULE(this.comparisonOperator);
            this.SUBRULE2(this.additive);
          },
        },
        {
          ALT: () => {
            this.CONSUME(T.Is);
            this.OPTION2(() => this.CONSUME(T.Not));
            this.CONSUME(T.Null);
          },
        },
        {
          ALT: () => {
            this.OPTION3(() => this.CONSUME2(T.Not));
            this.OR2([
              {
                ALT: () => {
                  this.CONSUME(T.In);
                  this.CONSUME(T.LParen);
                  this.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE3(this.additive) });
                  this.CONSUME(T.RParen);
                },
              },
              {
                ALT: () => {
                  this.CONSUME(T.Between);
                  this.SUBRULE4(this.additive);
                  this.CONSUME(T.And);
                  this.SUBRULE5(this.additive);
                },
              },
              {
                ALT: () => {
                  this.CONSUME(T.Like);
                  this.SUBRULE6(this.additive);
                },
              },
              {
                ALT: () => {
                  this.CONSUME(T.Rlike);
                  this.SUBRULE7(this.additive);
                },
              },
            ]);
          },
        },
      ]);
    });
  });

  comparisonOperator = this.RULE('comparisonOperator', () => {
    this.OR([
      { ALT: () => this.CONSUME(T.Equals) },
      { ALT: () => this.CONSUME(T.NotEquals) },
      { ALT: () => this.CONSUME(T.LessEquals) },
      { ALT: () => this.CONSUME(T.GreaterEquals) },
      { ALT: () => this.CONSUME(T.Less) },
      { ALT: () => this.CONSUME(T.Greater) },
    ]);
  });

  additive = this.RULE('additive', () => {
    this.SUBRULE(this.multiplicative);
    this.MANY(() => {
      this.OR([{ ALT: () => this.CONSUME(T.Plus) }, { ALT: () => this.CONSUME(T.Minus) }, { ALT: () => this.CONSUME(T.Concat) }]);
      this.SUBRULE2(this.multiplicative);
    });
  });

  multiplicative = this.RULE('multiplicative', () => {
    this.SUBRULE(this.unary);
    this.MANY(() => {
      this.OR([{ ALT: () => this.CONSUME(T.Star) }, { ALT: () => this.CONSUME(T.Slash) }, { ALT: () => this.CONSUME(T.Percent) }]);
      this.SUBRULE2(this.unary);
    });
  });

  unary = this.RULE('unary', () => {
    this.OR([
      {
        ALT: () => {
          this.OR2([{ ALT: () => this.CONSUME(T.Minus) }, { ALT: () => this.CONSUME(T.Plus) }]);
          this.SUBRULE(this.unary);
        },
      },
      { ALT: () => this.SUBRULE(this.primary) },
    ]);
  });

  primary = this.RULE('primary', () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.literal) },
      { ALT: () => this.SUBRULE(this.intervalLiteral) },
      { ALT: () => this.SUBRULE(this.caseExpression) },
      { ALT: () => this.SUBRULE(this.castExpression) },
      { ALT: () => this.SUBRULE(this.nameOrCall) },
      {
        ALT: () => {
          this.CONSUME(T.LParen);
          this.SUBRULE(this.expression);
          this.CONSUME(T.RParen);
        },
      },
    ]);
  });

  literal = this.RULE('literal', () => {
    this.OR([
      { ALT: () => this.CONSUME(T.NumberLiteral) },
      { ALT: () => this.CONSUME(T.StringLiteral) },
      { ALT: () => this.CONSUME(T.True) },
      { ALT: () => this.CONSUME(T.False) },
      { ALT: () => this.CONSUME(T.Null) },
    ]);
  });

  /** `INTERVAL '30' SECOND` or `INTERVAL '5 minutes'`. */
  intervalLiteral = this.RULE('intervalLiteral', () => {
    this.CONSUME(T.Interval);
    this.CONSUME(T.StringLiteral);
    this.OPTION(() => this.CONSUME(T.Identifier));
  });

  caseExpression = this.RULE('caseExpression', () => {
    this.CONSUME(T.Case);
    this.OPTION(() => this.SUBRULE(this.expression));
    this.AT_LEAST_ONE(() => {
      this.CONSUME(T.When);
      this.SUBRULE2(this.expression);
      this.CONSUME(T.Then);
      this.SUBRULE3(this.expression);
    });
    this.OPTION2(() => {
      this.CONSUME(T.Else);
      this.SUBRULE4(this.expression);
    });
    this.CONSUME(T.End);
  });

  castExpression = this.RULE('castExpression', () => {
    this.CONSUME(T.Cast);
    this.CONSUME(T.LParen);
    this.SUBRULE(this.expression);
    this.CONSUME(T.As);
    this.SUBRULE(this.typeName);
    this.CONSUME(T.RParen);
  });

  /** A column reference (`amount`, `o.amount`) or a function call (`sum(amount)`, `count(*)`). */
  nameOrCall = this.RULE('nameOrCall', () => {
    this.SUBRULE(this.name);
    this.OPTION(() => {
      this.OR([
        {
          ALT: () => {
            this.CONSUME(T.Dot);
            // `w.end`, the end of a window aliased `w`: END is reserved, but not after a dot.
            this.OR3([{ ALT: () => this.SUBRULE2(this.name) }, { ALT: () => this.CONSUME(T.End) }]);
          },
        },
        {
          ALT: () => {
            this.CONSUME(T.LParen);
            this.OPTION2(() => {
              this.OR2([
                { ALT: () => this.CONSUME(T.Star) },
                {
                  ALT: () => {
                    this.OPTION3(() => this.CONSUME(T.Distinct));
                    this.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.expression) });
                  },
                },
              ]);
            });
            this.CONSUME(T.RParen);
          },
        },
      ]);
    });
  });

  name = this.RULE('name', () => {
    this.OR([
      { ALT: () => this.CONSUME(T.Identifier) },
      { ALT: () => this.CONSUME(T.QuotedIdentifier) },
      { ALT: () => this.CONSUME(T.NonReserved) },
    ]);
  });
}
