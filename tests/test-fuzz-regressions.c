/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Replays every saved fuzz crash (every file under tests/fuzz/regressions/) through the
 * entry point of every fuzz target, and each target's seeds through its own, so
 * that a crash the fuzzers once found stays fixed in every build, gcc included.
 * The targets are compiled into this program under their own names; see
 * tests/fuzz/meson.build.
 */

#include "config.h"

#include <glib.h>
#include <stddef.h>
#include <stdint.h>

typedef int (*FuzzEntry) (const uint8_t *data,
                          size_t         size);

#define X(entry, name) int entry (const uint8_t *data, size_t size);
DOSSIER_FUZZ_TARGETS (X)
#undef X

typedef struct
{
  FuzzEntry   entry;
  const char *name;
} FuzzTarget;

static const FuzzTarget targets[] = {
#define X(entry, name) { entry, name },
  DOSSIER_FUZZ_TARGETS (X)
#undef X
};

static void
collect_files (const char *dir,
               GPtrArray  *files)
{
  g_autoptr(GDir) handle = g_dir_open (dir, 0, NULL);
  const char *name;

  while (handle != NULL && (name = g_dir_read_name (handle)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      /* README and .gitkeep describe a folder; they are not inputs. */
      if (name[0] == '.' || g_str_equal (name, "README.md"))
        continue;
      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        collect_files (path, files);
      else
        g_ptr_array_add (files, g_steal_pointer (&path));
    }
}

static int
compare_paths (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(char *const *) a, *(char *const *) b);
}

static guint
replay (const FuzzTarget *target,
        GPtrArray        *files)
{
  g_ptr_array_sort (files, compare_paths);
  for (guint i = 0; i < files->len; i++)
    {
      const char *path = g_ptr_array_index (files, i);
      g_autofree char *contents = NULL;
      g_autoptr(GError) error = NULL;
      gsize length = 0;

      g_file_get_contents (path, &contents, &length, &error);
      g_assert_no_error (error);
      /* If the target crashes, the last message names the input. */
      g_test_message ("%s <- %s", target->name, path);
      g_assert_cmpint (target->entry ((const uint8_t *) contents, length), ==, 0);
    }
  return files->len;
}

static void
test_regressions (gconstpointer data)
{
  const FuzzTarget *target = data;
  g_autofree char *dir = g_test_build_filename (G_TEST_DIST, "fuzz", "regressions", NULL);
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_free);

  g_assert_true (g_file_test (dir, G_FILE_TEST_IS_DIR));
  collect_files (dir, files);
  g_test_message ("%u saved inputs through %s", replay (target, files), target->name);
}

static void
test_seeds (gconstpointer data)
{
  const FuzzTarget *target = data;
  g_autofree char *dir = g_test_build_filename (G_TEST_DIST, "fuzz", "seeds", target->name, NULL);
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_free);

  collect_files (dir, files);
  /* Every target ships seeds: a target without any is a mistake in the tree. */
  g_assert_cmpuint (files->len, >, 0);
  replay (target, files);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (targets); i++)
    {
      g_autofree char *regressions = g_strdup_printf ("/dossier/fuzz/%s/regressions", targets[i].name);
      g_autofree char *seeds = g_strdup_printf ("/dossier/fuzz/%s/seeds", targets[i].name);

      g_test_add_data_func (regressions, &targets[i], test_regressions);
      g_test_add_data_func (seeds, &targets[i], test_seeds);
    }

  return g_test_run ();
}
