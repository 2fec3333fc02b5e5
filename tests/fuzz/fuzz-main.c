/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * A stand-in for libFuzzer's main where the compiler has none (gcc): runs the
 * target once over every file named on the command line, or over every file of
 * a named folder, so seeds and saved crashes replay in any build.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <stdio.h>

#include "fuzz-common.h"

static guint n_run;

static int
compare_paths (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(char *const *) a, *(char *const *) b);
}

static void
run_path (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize length = 0;

  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_autoptr(GDir) dir = g_dir_open (path, 0, &error);
      g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
      const char *name;

      if (dir == NULL)
        g_error ("%s", error->message);
      while ((name = g_dir_read_name (dir)) != NULL)
        if (name[0] != '.')
          g_ptr_array_add (names, g_build_filename (path, name, NULL));
      g_ptr_array_sort (names, compare_paths);
      for (guint i = 0; i < names->len; i++)
        run_path (g_ptr_array_index (names, i));
      return;
    }

  if (!g_file_get_contents (path, &contents, &length, &error))
    g_error ("%s", error->message);
  fprintf (stderr, "Running %s (%" G_GSIZE_FORMAT " bytes)\n", path, length);
  LLVMFuzzerTestOneInput ((const uint8_t *) contents, length);
  n_run++;
}

int
main (int   argc,
      char *argv[])
{
  for (int i = 1; i < argc; i++)
    {
      /* libFuzzer options (-runs=, -max_len=…) mean nothing here. */
      if (argv[i][0] == '-')
        continue;
      run_path (argv[i]);
    }
  fprintf (stderr, "Executed %u inputs\n", n_run);
  return 0;
}
