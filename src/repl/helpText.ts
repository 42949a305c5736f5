/** What HELP prints: the session's statements, one a line. */
export const HELP_TEXT = `Statements end with ';' and may span lines. Tab completes keywords, functions, streams, tables, columns and queries.
  CREATE STREAM … | CREATE TABLE …   declare a source or a table for later statements
  DROP STREAM|TABLE name             forget it
  SELECT … INTO POSTGRES|ORACLE|KAFKA …  start a query in the background; prints its id
  SELECT … [INTO CONSOLE]            show rows as they come (Ctrl-C stops the query)
  SHOW QUERIES | STREAMS | TABLES    list them
  DESCRIBE name | DESCRIBE QUERY id  a stream's or table's columns; a query's plan, status and last progress
  EXPLAIN [VERBOSE] SELECT …         the plans, without running
  TERMINATE id | TERMINATE ALL       stop a query (its batch in flight commits) or all of them
  SET name = value                   max_records_per_batch, trigger_interval: defaults for later queries
  RUN 'file.ksql'                    the file's statements, in order
  HELP                               this text
  EXIT | QUIT | Ctrl-D               stop every query cleanly and leave`;
