import type { JsonSchema } from './JsonSchema.js';
import { SASL_MECHANISMS } from './kafkaSecurity.js';
import { DEFAULT_KAFKA_CLIENT, KAFKA_CLIENTS } from './kafkaClientChoice.js';

/** Where the published copy lives, for `"$schema"` in a k2o.config.json. */
export const CONFIG_SCHEMA_PATH = 'schema/k2o.config.schema.json';

function connection(product: string, example: string): JsonSchema {
  return {
    type: 'object',
    description: `The ${product} connection; the environment variable wins over it.`,
    additionalProperties: false,
    properties: { url: { type: 'string', description: `The ${product} URL, password included (never printed).`, examples: [example] } },
  };
}

/**
 * What k2o.config.json may hold. A section per connection key of the connectors
 * that have one (their descriptors' `connection`); test/unit/configSchema.test.ts
 * holds the two together and checks that the published copy (CONFIG_SCHEMA_PATH,
 * rewritten with UPDATE_GOLDEN=1) is this object.
 */
export const CONFIG_SCHEMA: JsonSchema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  title: 'k2o.config.json',
  description:
    'Where k2o connects. Environment variables (K2O_KAFKA_BROKERS, K2O_KAFKA_CLIENT, K2O_KAFKA_GROUP_INSTANCE_ID, K2O_KAFKA_SASL_*, K2O_KAFKA_SSL_*, K2O_<KEY>_URL) win over this file.',
  type: 'object',
  additionalProperties: false,
  properties: {
    $schema: { type: 'string', description: `This schema, for editor completion: ./node_modules/k2o/${CONFIG_SCHEMA_PATH}` },
    kafka: {
      type: 'object',
      description: 'The Kafka cluster; K2O_KAFKA_BROKERS wins over it.',
      additionalProperties: false,
      properties: {
        brokers: {
          description: 'Bootstrap brokers: "host:port,host:port" or an array of "host:port".',
          anyOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }],
          examples: [['127.0.0.1:19092']],
        },
        client: {
          type: 'string',
          enum: KAFKA_CLIENTS,
          description: `The client stream sources read with (default ${DEFAULT_KAFKA_CLIENT}); INTO KAFKA always writes with kafkajs. K2O_KAFKA_CLIENT wins over it.`,
        },
        groupInstanceId: {
          type: 'string',
          description:
            "Kafka's group.instance.id (static membership), one per process: a process restarted after a crash takes its old place in each query's group at once. Needs client 'platformatic'. K2O_KAFKA_GROUP_INSTANCE_ID wins over it.",
          examples: ['k2o-0'],
        },
        ssl: {
          type: 'object',
          description:
            "TLS to the brokers (Kafka's SSL, or SASL_SSL with sasl). Files of PEM text, relative to this file; an empty object: TLS with the system's CAs. K2O_KAFKA_SSL=true, K2O_KAFKA_SSL_CA, K2O_KAFKA_SSL_CERT and K2O_KAFKA_SSL_KEY win over it.",
          additionalProperties: false,
          properties: {
            ca: {
              type: 'string',
              description: "The CA certificate(s) the brokers' certificates are checked against.",
              examples: ['certs/kafka-ca.pem'],
            },
            cert: { type: 'string', description: 'The client certificate, for brokers that authenticate clients by TLS (with key).' },
            key: { type: 'string', description: "The client certificate's private key, unencrypted." },
          },
        },
        sasl: {
          type: 'object',
          description:
            "SASL authentication (Kafka's SASL_PLAINTEXT, or SASL_SSL with ssl). K2O_KAFKA_SASL_MECHANISM, K2O_KAFKA_SASL_USERNAME and K2O_KAFKA_SASL_PASSWORD win over it.",
          additionalProperties: false,
          properties: {
            mechanism: { type: 'string', enum: SASL_MECHANISMS, description: "Kafka's sasl.mechanism." },
            username: { type: 'string' },
            password: { type: 'string', description: 'Never printed; better given as K2O_KAFKA_SASL_PASSWORD than checked in.' },
          },
        },
      },
    },
    retry: {
      type: 'object',
      description:
        'How a failing sink call is retried: backoff from 0.5 s doubling up to maxDelayMs, with full jitter, until the outage ends or giveUpAfterMs has passed.',
      additionalProperties: false,
      properties: {
        maxDelayMs: { type: 'integer', minimum: 1, description: 'The longest wait between two attempts (default 30000).' },
        giveUpAfterMs: {
          type: 'integer',
          minimum: 0,
          description: 'Fail the query when the sink has failed for this long (default: retry for as long as the outage lasts).',
        },
      },
    },
    postgres: connection('PostgreSQL', 'postgres://user:password@host:port/db'),
    oracle: connection('Oracle', 'oracle://user:password@host:1521/service'),
  },
};
