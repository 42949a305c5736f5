import type { TableDef } from '../compiler/analyzer/Catalog.js';
import { NO_SPAN, type Diagnostic } from '../compiler/diagnostics/Diagnostic.js';
import { diag } from '../compiler/diagnostics/messages.js';
import { connectorWord } from '../core/ConnectorDescriptor.js';
import type { K2oConfig } from '../config/K2oConfig.js';
import { ConfigError } from '../connectors/ConfigError.js';
import type { RegisteredConnector } from '../connectors/ConnectorModule.js';
import { CONNECTORS } from '../connectors/registry.js';

/**
 * The CREATE TABLE statements of a file, carried out before its queries run,
 * in text order: each table is created when absent; an existing one that
 * differs from its declaration is a diagnostic at the statement naming each
 * column, both types and the ALTER that would fix it. A failure to reach the
 * database is thrown.
 */
export async function ensureDeclaredTables(
  tables: readonly TableDef[],
  config: K2oConfig,
  registry: readonly RegisteredConnector[] = CONNECTORS,
): Promise<Diagnostic[]> {
  const out: Diagnostic[] = [];
  for (const def of tables) {
    const entry = registry.find((c) => c.descriptor.name === def.database);
    if (!entry) throw new Error(`internal: connector '${def.database}' is not in the registry`);
    const module = await entry.load();
    if (!module.ensureTable) throw new ConfigError(`CREATE TABLE … IN ${connectorWord(def.database)} is not run by this runtime`);
    const problems = await module.ensureTable(def, config);
    if (problems.length === 0) continue;
    out.push(
      diag(
        'DeclaredTableMismatch',
        def.span ?? NO_SPAN,
        [def.name, entry.descriptor.displayName, problems.map((p) => p.problem).join('; ')],
        `Change the declaration, or the table: ${problems.map((p) => `${p.fix};`).join(' ')}`,
      ),
    );
  }
  return out;
}
