import { loadConfig } from '../config/K2oConfig.js';
import type { KafkaSecurity } from '../config/kafkaSecurity.js';
import { createStreamText } from './infer/createStreamText.js';
import { inferColumns } from './infer/inferColumns.js';
import { SampleError, sampleTopic } from './infer/sampleTopic.js';

export interface InferOptions {
  readonly sample?: string;
  readonly brokers?: string;
  readonly config?: string;
}

/** `k2o infer TOPIC`: the CREATE STREAM on stdout, so `k2o infer t > t.ksql` is a file `k2o check` reads. */
export async function inferCommand(topic: string, options: InferOptions): Promise<number> {
  const count = Number(options.sample ?? '1000');
  if (!Number.isSafeInteger(count) || count < 1) {
    process.stderr.write(`k2o infer: --sample must be a positive whole number, not '${options.sample}'\n`);
    return 2;
  }
  let brokers: readonly string[];
  let security: KafkaSecurity | undefined;
  try {
    const config = loadConfig(process.env, options.config);
    security = config.kafkaSecurity;
    brokers =
      options.brokers !== undefined
        ? options.brokers
            .split(',')
            .map((b) => b.trim())
            .filter(Boolean)
        : config.kafkaBrokers;
  } catch (e) {
    process.stderr.write(`k2o infer: ${(e as Error).message}\n`);
    return 2;
  }
  try {
    const { objects, skipped } = await sampleTopic(brokers, topic, count, undefined, security);
    const columns = inferColumns(objects);
    if (columns.length === 0) {
      process.stderr.write(`k2o infer: none of the ${objects.length + skipped} records read from ${topic} is a JSON object with fields\n`);
      return 1;
    }
    process.stdout.write(`${createStreamText({ topic, columns, sampled: objects.length, skipped })}\n`);
    return 0;
  } catch (e) {
    if (e instanceof SampleError) {
      process.stderr.write(`k2o infer: ${e.message}\n`);
      return 1;
    }
    process.stderr.write(`k2o infer: cannot read ${topic} from Kafka at ${brokers.join(',')}: ${(e as Error).message}\n`);
    return 3;
  }
}
