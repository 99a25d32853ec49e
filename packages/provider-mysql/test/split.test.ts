/**
 * The splitter: statements as MySQL reads them, with where each one's code starts (core turns
 * that into the line of a failed statement).
 */
import { describe, expect, test } from '@jest/globals';
import { splitStatements } from '../src/split.js';

const texts = (script: string): string[] => splitStatements(script).map((s) => s.text);

describe('splitStatements', () => {
  test("Prisma's migration.sql: one statement per step, comments dropped", () => {
    const script = [
      '-- CreateTable',
      'CREATE TABLE `a` (',
      '    `id` INTEGER NOT NULL,',
      '',
      '    PRIMARY KEY (`id`)',
      ') DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;',
      '',
      '-- AddForeignKey',
      'ALTER TABLE `b` ADD CONSTRAINT `b_a_fkey` FOREIGN KEY (`a`) REFERENCES `a`(`id`) ON DELETE RESTRICT ON UPDATE CASCADE;',
      '',
    ].join('\n');
    const statements = splitStatements(script);
    // the text keeps the step comment above it; the code starts after it
    expect(statements.map((s) => s.text.split('\n')[1])).toEqual([
      'CREATE TABLE `a` (',
      'ALTER TABLE `b` ADD CONSTRAINT `b_a_fkey` FOREIGN KEY (`a`) REFERENCES `a`(`id`) ON DELETE RESTRICT ON UPDATE CASCADE',
    ]);
    expect(statements.map((s) => script.slice(s.start, s.start + 12))).toEqual(['CREATE TABLE', 'ALTER TABLE ']);
  });

  test('semicolons inside quotes, backticks and comments do not end a statement', () => {
    expect(
      texts(
        [
          'INSERT INTO t VALUES (\'a;b\', "c;d");',
          'CREATE TABLE `we;ird` (`x;` INT);',
          "SELECT 'it''s; fine', 'back\\\\';",
          "SELECT 'escaped \\' quote;';",
          'SELECT 1 /* a; comment */ + 2;',
          'SELECT 3 -- trailing; comment',
          ';',
          'SELECT 4 # hash; comment',
          ';',
        ].join('\n'),
      ),
    ).toEqual([
      'INSERT INTO t VALUES (\'a;b\', "c;d")',
      'CREATE TABLE `we;ird` (`x;` INT)',
      "SELECT 'it''s; fine', 'back\\\\'",
      "SELECT 'escaped \\' quote;'",
      'SELECT 1 /* a; comment */ + 2',
      'SELECT 3 -- trailing; comment',
      'SELECT 4 # hash; comment',
    ]);
  });

  test('a doubled backtick stays inside the identifier', () => {
    expect(texts('CREATE TABLE `a``;b` (x INT); SELECT 1')).toEqual(['CREATE TABLE `a``;b` (x INT)', 'SELECT 1']);
  });

  test("`--` starts a comment only when followed by a space or the line's end (MySQL's rule)", () => {
    expect(texts('SELECT 5--1;\nSELECT 2 --\n;')).toEqual(['SELECT 5--1', 'SELECT 2 --']);
  });

  test('comment-only pieces are dropped; executable comments are code', () => {
    expect(texts('-- only a comment;\n/* and; another */;\n# and a third\n;')).toEqual([]);
    expect(texts('/*!40101 SET NAMES utf8mb4 */;\nSELECT 1;')).toEqual(['/*!40101 SET NAMES utf8mb4 */', 'SELECT 1']);
  });

  test('start points past leading comments, # comments included', () => {
    const script = '# header\n-- step\n  /* c */ SELECT 1;\n# next\nSELECT 2';
    expect(splitStatements(script).map((s) => script.slice(s.start, s.start + 8))).toEqual(['SELECT 1', 'SELECT 2']);
  });

  test('a last statement without a semicolon, and an empty script', () => {
    expect(texts('SELECT 1;\nSELECT 2')).toEqual(['SELECT 1', 'SELECT 2']);
    expect(texts('')).toEqual([]);
    expect(texts('  \n ; ;')).toEqual([]);
  });

  test('every statement may run in a transaction (MySQL commits DDL itself anyway)', () => {
    expect(
      splitStatements('CREATE TABLE a (x INT); INSERT INTO a VALUES (1)').every((s) => s.transactional === undefined),
    ).toBe(true);
  });
});
