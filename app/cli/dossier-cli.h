/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "dossier-store.h"

G_BEGIN_DECLS

/* Exit codes of dossier-cli. */
enum
{
  DOSSIER_CLI_OK      = 0,  /* everything went well */
  DOSSIER_CLI_REFUSED = 1,  /* some input was refused or something failed */
  DOSSIER_CLI_USAGE   = 2,  /* the command line was wrong */
};

typedef struct
{
  const char *db_path;      /* --db, or the default database */
  gboolean    json;         /* --json */
  gboolean    quiet;        /* --quiet */
  DossierStore *store;      /* opened lazily by dossier_cli_get_store() */
} DossierCliContext;

/* One subcommand. @argv[0] is the subcommand's name; options are parsed by the
 * command itself with GOptionContext. Returns one of the exit codes above. */
typedef int (*DossierCliCommandFunc) (DossierCliContext *ctx,
                                      int                argc,
                                      char             **argv);

typedef struct
{
  const char            *name;
  const char            *args;      /* "FILE|DIR…", shown in --help */
  const char            *summary;   /* marked for translation in the command table */
  DossierCliCommandFunc  func;
} DossierCliCommand;

/* Opens the database (creating it and importing the bundled corpus on first run). */
DossierStore *dossier_cli_get_store     (DossierCliContext *ctx);
/* Prints a sentence to stderr, prefixed with the program's name. */
void          dossier_cli_error         (const char        *format,
                                         ...) G_GNUC_PRINTF (1, 2);
/* @text padded with spaces to @columns terminal columns (CJK characters take
 * two), on the right or, with @align_right, on the left: printf's %-10s counts
 * bytes, which puts translated column titles and labels out of line. */
char         *dossier_cli_pad           (const char        *text,
                                         guint              columns,
                                         gboolean           align_right);
/* Writes @node as pretty JSON to stdout, with a final newline. */
void          dossier_cli_print_json    (JsonNode          *node);
void          dossier_cli_print_builder (JsonBuilder       *builder);
/* A member with a string value, or null when @value is NULL. */
void          dossier_cli_json_add_string (JsonBuilder     *builder,
                                           const char      *member,
                                           const char      *value);
void          dossier_cli_json_add_int  (JsonBuilder       *builder,
                                         const char        *member,
                                         gint64             value);
void          dossier_cli_json_add_bool (JsonBuilder       *builder,
                                         const char        *member,
                                         gboolean           value);
/* Parses a subcommand's options; on failure prints the error and returns FALSE. */
gboolean      dossier_cli_parse_options (GOptionContext    *context,
                                         int               *argc,
                                         char            ***argv);

/* Commands defined in the other dossier-cli-*.c files. */
int dossier_cli_import    (DossierCliContext *ctx, int argc, char **argv);
int dossier_cli_list      (DossierCliContext *ctx, int argc, char **argv);
int dossier_cli_show      (DossierCliContext *ctx, int argc, char **argv);
int dossier_cli_search    (DossierCliContext *ctx, int argc, char **argv);
int dossier_cli_entities  (DossierCliContext *ctx, int argc, char **argv);
int dossier_cli_mentions  (DossierCliContext *ctx, int argc, char **argv);
int dossier_cli_relations (DossierCliContext *ctx, int argc, char **argv);
int dossier_cli_reindex   (DossierCliContext *ctx, int argc, char **argv);
int dossier_cli_entity    (DossierCliContext *ctx, int argc, char **argv);
int dossier_cli_graph     (DossierCliContext *ctx, int argc, char **argv);
int dossier_cli_path      (DossierCliContext *ctx, int argc, char **argv);
int dossier_cli_draft     (DossierCliContext *ctx, int argc, char **argv);
int dossier_cli_suggest   (DossierCliContext *ctx, int argc, char **argv);

G_END_DECLS
