/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The corpus schema, version 1. Every table of a Dossier database is created here;
 * a later version appends a migration to dossier_schema_migrations and never edits
 * an earlier one. Offsets in `mention` are characters (code points) of block.text.
 */
#pragma once

static const char *const dossier_schema_v1 =
  "CREATE TABLE document ("
  "  id            INTEGER PRIMARY KEY,"
  "  symbol        TEXT,"                          /* E/CN.4/2003/74, NULL when none */
  "  title         TEXT NOT NULL,"
  "  kind          TEXT NOT NULL DEFAULT 'document',"
  "  date          TEXT,"                          /* ISO 8601 */
  "  body          TEXT,"
  "  session       TEXT,"
  "  language      TEXT,"
  "  format        TEXT NOT NULL,"
  "  source_name   TEXT NOT NULL UNIQUE,"          /* the file's base name: a re-import's identity */
  "  source_path   TEXT,"
  "  content_hash  TEXT NOT NULL,"                 /* SHA-256 of the file's bytes */
  "  size          INTEGER NOT NULL DEFAULT 0,"
  "  imported_at   TEXT NOT NULL"
  ");"
  "CREATE INDEX document_symbol ON document (symbol COLLATE NOCASE);"
  "CREATE INDEX document_hash ON document (content_hash);"

  "CREATE TABLE block ("
  "  id            INTEGER PRIMARY KEY,"
  "  document_id   INTEGER NOT NULL REFERENCES document (id) ON DELETE CASCADE,"
  "  seq           INTEGER NOT NULL,"
  "  kind          TEXT NOT NULL,"                 /* heading, paragraph, item, note, table-row, contact, front */
  "  level         INTEGER NOT NULL DEFAULT 0,"
  "  label         TEXT,"
  "  heading_path  TEXT,"                          /* headings joined by newlines */
  "  text          TEXT NOT NULL,"
  "  UNIQUE (document_id, seq)"
  ");"

  /* External-content FTS5 index over block text. Deletes and updates reach it
   * by triggers; inserts since version 2 by insert_blocks (see the migrations). */
  "CREATE VIRTUAL TABLE block_fts USING fts5 ("
  "  text, heading_path,"
  "  content = 'block', content_rowid = 'id',"
  "  tokenize = 'porter unicode61 remove_diacritics 2'"
  ");"
  "CREATE TRIGGER block_ai AFTER INSERT ON block BEGIN"
  "  INSERT INTO block_fts (rowid, text, heading_path) VALUES (new.id, new.text, new.heading_path);"
  "END;"
  "CREATE TRIGGER block_ad AFTER DELETE ON block BEGIN"
  "  INSERT INTO block_fts (block_fts, rowid, text, heading_path)"
  "    VALUES ('delete', old.id, old.text, old.heading_path);"
  "END;"
  "CREATE TRIGGER block_au AFTER UPDATE ON block BEGIN"
  "  INSERT INTO block_fts (block_fts, rowid, text, heading_path)"
  "    VALUES ('delete', old.id, old.text, old.heading_path);"
  "  INSERT INTO block_fts (rowid, text, heading_path) VALUES (new.id, new.text, new.heading_path);"
  "END;"

  "CREATE TABLE entity ("
  "  id            INTEGER PRIMARY KEY,"
  "  key           TEXT NOT NULL UNIQUE,"          /* org:unodc, res:A/RES/55/67 */
  "  kind          TEXT NOT NULL,"
  "  name          TEXT NOT NULL,"
  "  short_name    TEXT,"
  "  origin        TEXT NOT NULL,"                 /* gazetteer, pattern, user */
  "  confidence    REAL NOT NULL DEFAULT 1.0,"
  "  parent_key    TEXT,"
  "  user_name     TEXT,"                          /* the user's rename; wins over name */
  "  hidden        INTEGER NOT NULL DEFAULT 0,"    /* hidden by the user */
  "  accepted      INTEGER NOT NULL DEFAULT 0,"    /* a pattern entity the user accepted */
  "  merged_into   INTEGER REFERENCES entity (id) ON DELETE SET NULL"
  ");"
  "CREATE INDEX entity_kind ON entity (kind);"

  "CREATE TABLE alias ("
  "  entity_id     INTEGER NOT NULL REFERENCES entity (id) ON DELETE CASCADE,"
  "  alias         TEXT NOT NULL,"
  "  origin        TEXT NOT NULL,"                 /* gazetteer, acronym, user */
  "  PRIMARY KEY (entity_id, alias)"
  ") WITHOUT ROWID;"
  "CREATE INDEX alias_text ON alias (alias COLLATE NOCASE);"

  "CREATE TABLE mention ("
  "  id            INTEGER PRIMARY KEY,"
  "  entity_id     INTEGER NOT NULL REFERENCES entity (id) ON DELETE CASCADE,"
  "  block_id      INTEGER NOT NULL REFERENCES block (id) ON DELETE CASCADE,"
  "  start         INTEGER NOT NULL,"
  "  end           INTEGER NOT NULL,"
  "  surface       TEXT NOT NULL,"
  "  recogniser    TEXT NOT NULL"
  ");"
  "CREATE INDEX mention_entity ON mention (entity_id);"
  "CREATE INDEX mention_block ON mention (block_id);"

  "CREATE TABLE relation ("
  "  id            INTEGER PRIMARY KEY,"
  "  source_id     INTEGER NOT NULL REFERENCES entity (id) ON DELETE CASCADE,"
  "  target_id     INTEGER NOT NULL REFERENCES entity (id) ON DELETE CASCADE,"
  "  kind          TEXT NOT NULL,"                 /* co-mention, supplements, custodian-of, ... */
  "  verb          TEXT,"
  "  directed      INTEGER NOT NULL DEFAULT 0,"
  "  weight        INTEGER NOT NULL DEFAULT 0,"    /* number of evidence blocks */
  "  origin        TEXT NOT NULL,"                 /* extracted, gazetteer, user */
  "  hidden        INTEGER NOT NULL DEFAULT 0,"
  "  UNIQUE (source_id, target_id, kind)"
  ");"
  "CREATE INDEX relation_target ON relation (target_id);"

  "CREATE TABLE relation_evidence ("
  "  relation_id   INTEGER NOT NULL REFERENCES relation (id) ON DELETE CASCADE,"
  "  block_id      INTEGER NOT NULL REFERENCES block (id) ON DELETE CASCADE,"
  "  PRIMARY KEY (relation_id, block_id)"
  ") WITHOUT ROWID;"
  "CREATE INDEX relation_evidence_block ON relation_evidence (block_id);"

  "CREATE TABLE draft ("
  "  id            INTEGER PRIMARY KEY,"
  "  title         TEXT NOT NULL,"
  "  template      TEXT NOT NULL DEFAULT 'blank',"
  "  created_at    TEXT NOT NULL,"
  "  modified_at   TEXT NOT NULL"
  ");"

  "CREATE TABLE draft_section ("
  "  id            INTEGER PRIMARY KEY,"
  "  draft_id      INTEGER NOT NULL REFERENCES draft (id) ON DELETE CASCADE,"
  "  position      INTEGER NOT NULL,"
  "  title         TEXT NOT NULL,"
  "  body          TEXT NOT NULL DEFAULT ''"
  ");"
  "CREATE INDEX draft_section_draft ON draft_section (draft_id, position);"

  /* An excerpt keeps its own quote and citation, so that it survives a re-import
   * that changes or removes its block; block_hash tells whether the source changed. */
  "CREATE TABLE excerpt ("
  "  id            INTEGER PRIMARY KEY,"
  "  draft_id      INTEGER NOT NULL REFERENCES draft (id) ON DELETE CASCADE,"
  "  section_id    INTEGER REFERENCES draft_section (id) ON DELETE SET NULL,"
  "  position      INTEGER NOT NULL,"
  "  document_id   INTEGER REFERENCES document (id) ON DELETE SET NULL,"
  "  block_id      INTEGER REFERENCES block (id) ON DELETE SET NULL,"
  "  block_label   TEXT,"
  "  block_seq     INTEGER,"
  "  block_hash    TEXT,"                          /* SHA-256 of the block text when excerpted */
  "  quote         TEXT NOT NULL,"
  "  quote_start   INTEGER,"
  "  quote_end     INTEGER,"
  "  citation      TEXT NOT NULL,"
  "  note          TEXT,"
  "  created_at    TEXT NOT NULL"
  ");"
  "CREATE INDEX excerpt_draft ON excerpt (draft_id, position);"
  "CREATE INDEX excerpt_block ON excerpt (block_id);"

  "CREATE TABLE saved_view ("
  "  id            INTEGER PRIMARY KEY,"
  "  name          TEXT NOT NULL UNIQUE,"
  "  json          TEXT NOT NULL,"
  "  modified_at   TEXT NOT NULL"
  ");";
