/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * graph-bench: how long Dossier takes to build, lay out and read back synthetic
 * graphs of 100, 1,000 and 5,000 nodes, beside the Graphviz programs laying out
 * the same DOT in the same run; and whether a large layout run with
 * dossier_graph_layout_async() leaves the caller's main loop free.
 *
 *   graph-bench [--runs N] [--sizes 100,1000,5000]
 *
 * Prints medians in milliseconds. "ours" is everything dossier_graph_layout()
 * does once the graph is built: write DOT, read it back, lay it out, run the xdot
 * renderer and parse its drawing into geometry. "program" is the Graphviz
 * program of the engine (`sfdp -Txdot1.4 FILE`, ...) on the same DOT, wall
 * clock, process start included. When Dossier's size guard swaps an engine
 * (dot on too many edges), the row says so and the program runs the engine
 * Dossier used.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "dossier-graph-private.h"

static int n_runs = 3;
static char *sizes_arg = NULL;

static const GOptionEntry entries[] = {
  { "runs", 0, 0, G_OPTION_ARG_INT, &n_runs, "Runs per measurement (at least 3)", "N" },
  { "sizes", 0, 0, G_OPTION_ARG_STRING, &sizes_arg, "Node counts, comma-separated", "LIST" },
  { NULL }
};

/* About three edges per node, each to an earlier node: connected, and the same
 * for the same seed. */
static DossierGraph *
synthetic_graph (guint   n,
                 guint32 seed)
{
  static const char *const kinds[] = { "organisation", "body", "resolution", "instrument", "place" };
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  DossierGraph *graph = dossier_graph_new ();

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *key = g_strdup_printf ("org:n%u", i);
      g_autofree char *name = g_strdup_printf ("Entity number %u", i);

      dossier_graph_add_node (graph, key, name, kinds[i % G_N_ELEMENTS (kinds)], 1 + i % 7);
    }
  for (guint i = 1; i < n; i++)
    for (guint k = 0; k < 3 && k < i; k++)
      {
        g_autofree char *a = g_strdup_printf ("org:n%u", i);
        g_autofree char *b = g_strdup_printf ("org:n%u", (guint) g_rand_int_range (rand, 0, (gint32) i));

        dossier_graph_add_relation (graph, a, b, "co-mention", 1 + (guint) g_rand_int_range (rand, 0, 4), FALSE);
      }
  return graph;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static double
median (GArray *values)
{
  g_array_sort (values, compare_doubles);
  if (values->len == 0)
    return NAN;
  if (values->len % 2 == 1)
    return g_array_index (values, double, values->len / 2);
  return (g_array_index (values, double, values->len / 2 - 1) +
          g_array_index (values, double, values->len / 2)) / 2;
}

static double
now_ms (void)
{
  return g_get_monotonic_time () / 1000.0;
}

/* Runs the Graphviz program of @engine on @path; returns milliseconds, or NAN. */
static double
run_program (const char *program,
             const char *engine,
             const char *path)
{
  g_autofree char *engine_program = g_find_program_in_path (engine);
  g_autofree char *engine_arg = g_strdup_printf ("-K%s", engine);
  const char *argv[] = { program, engine_arg, "-Txdot1.4", "-o", "/dev/null", path, NULL };
  g_autoptr(GError) error = NULL;
  int status = 0;
  double start;

  /* `sfdp FILE` where the engine's own program is installed, as people run it. */
  if (engine_program != NULL)
    {
      argv[0] = engine_program;
      argv[1] = "-Txdot1.4";
      argv[2] = "-o";
      argv[3] = "/dev/null";
      argv[4] = path;
      argv[5] = NULL;
    }
  start = now_ms ();
  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL,
                     NULL, NULL, &status, &error) ||
      !g_spawn_check_wait_status (status, &error))
    {
      g_printerr ("%s %s failed: %s\n", argv[0], engine_arg, error->message);
      return NAN;
    }
  return now_ms () - start;
}

static void
bench_one (guint       n,
           const char *engine,
           const char *program,
           const char *tmpdir)
{
  g_autoptr(GArray) build = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) write_read = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) layout = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) render = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) geometry = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) ours = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) theirs = g_array_new (FALSE, FALSE, sizeof (double));
  g_autofree char *path = g_strdup_printf ("%s/graph-%u-%s.gv", tmpdir, n, engine);
  guint n_edges = 0;
  g_autofree char *used = NULL;

  for (int run = 0; run < n_runs; run++)
    {
      g_autoptr(DossierGraph) graph = NULL;
      g_autoptr(GError) error = NULL;
      DossierGraphTimings t;
      double start, value;

      start = now_ms ();
      graph = synthetic_graph (n, 1234);
      value = now_ms () - start;
      g_array_append_val (build, value);
      n_edges = dossier_graph_get_n_edges (graph);

      start = now_ms ();
      if (!dossier_graph_layout (graph, engine, NULL, &error))
        {
          g_printerr ("layout failed: %s\n", error->message);
          exit (1);
        }
      value = now_ms () - start;
      g_array_append_val (ours, value);
      g_free (used);
      used = g_strdup (dossier_graph_get_engine (graph));
      _dossier_graph_get_timings (graph, &t);
      value = (t.write_dot + t.read_dot) * 1000;
      g_array_append_val (write_read, value);
      value = t.layout * 1000;
      g_array_append_val (layout, value);
      value = t.render * 1000;
      g_array_append_val (render, value);
      value = t.geometry * 1000;
      g_array_append_val (geometry, value);

      /* The program reads exactly the DOT Dossier laid out. */
      if (program != NULL)
        {
          g_autofree char *dot = dossier_graph_dup_dot (graph, NULL);

          g_file_set_contents (path, dot, -1, NULL);
          value = run_program (program, used, path);
          g_array_append_val (theirs, value);
        }
    }

  {
    double m_ours = median (ours), m_theirs = program != NULL ? median (theirs) : NAN;
    g_autofree char *label = g_str_equal (used, engine) ? g_strdup (engine) :
                             g_strdup_printf ("%s->%s", engine, used);

    printf ("%6u %6u  %-10s %8.1f %9.1f %9.1f %8.1f %9.1f %10.1f %10.1f %6.2f\n",
            n, n_edges, label, median (build), median (write_read), median (layout),
            median (render), median (geometry), m_ours, m_theirs, m_ours / m_theirs);
  }
  g_remove (path);
}

static gboolean
tick_cb (gpointer user_data)
{
  guint *ticks = user_data;

  (*ticks)++;
  return G_SOURCE_CONTINUE;
}

static void
done_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  gboolean *done = user_data;
  g_autoptr(GError) error = NULL;

  if (!dossier_graph_layout_finish (DOSSIER_GRAPH (source), result, &error))
    g_printerr ("async layout failed: %s\n", error->message);
  *done = TRUE;
}

/* A 5,000-node sfdp layout in a thread, while the main loop ticks every
 * millisecond: how often did it get to run, and how long was it ever blocked? */
static void
bench_async (guint n)
{
  g_autoptr(DossierGraph) graph = synthetic_graph (n, 1234);
  gboolean done = FALSE;
  guint ticks = 0, iterations = 0, tick_id;
  double start, last, worst_gap = 0, total;

  tick_id = g_timeout_add (1, tick_cb, &ticks);
  start = last = now_ms ();
  dossier_graph_layout_async (graph, "sfdp", NULL, done_cb, &done);
  while (!done)
    {
      double now;

      g_main_context_iteration (NULL, TRUE);
      now = now_ms ();
      worst_gap = MAX (worst_gap, now - last);
      last = now;
      iterations++;
    }
  total = now_ms () - start;
  g_source_remove (tick_id);

  printf ("\nAsync: %u-node sfdp layout took %.0f ms; meanwhile the caller's main loop ran "
          "%u iterations and %u one-millisecond ticks, never blocked longer than %.1f ms.\n",
          n, total, iterations, ticks, worst_gap);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = g_option_context_new ("— graph layout benchmark");
  g_autoptr(GError) error = NULL;
  g_autofree char *program = g_find_program_in_path ("dot");
  g_autofree char *tmpdir = NULL;
  g_auto(GStrv) sizes = NULL;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  n_runs = MAX (n_runs, 3);
  sizes = g_strsplit (sizes_arg != NULL ? sizes_arg : "100,1000,5000", ",", -1);
  tmpdir = g_dir_make_tmp ("dossier-bench-XXXXXX", &error);
  g_assert_no_error (error);

  printf ("Graph layout: medians of %d runs, milliseconds. ours = write + read DOT, layout, "
          "xdot render, geometry;\nprogram = the engine's Graphviz program, `ENGINE -Txdot1.4`, on the same DOT "
          "(process start included);\nratio = ours / program.\n\n", n_runs);
  printf ("%6s %6s  %-10s %8s %9s %9s %8s %9s %10s %10s %6s\n",
          "nodes", "edges", "engine", "build", "dot i/o", "layout", "render", "geometry",
          "ours", "program", "ratio");

  for (guint i = 0; sizes[i] != NULL; i++)
    {
      guint n = (guint) g_ascii_strtoull (sizes[i], NULL, 10);

      bench_one (n, "sfdp", program, tmpdir);
      if (n <= 1000)
        {
          bench_one (n, "neato", program, tmpdir);
          bench_one (n, "dot", program, tmpdir);
        }
      if (n <= 100)
        {
          bench_one (n, "fdp", program, tmpdir);
          bench_one (n, "circo", program, tmpdir);
          bench_one (n, "twopi", program, tmpdir);
        }
      fflush (stdout);
    }

  bench_async (5000);
  g_rmdir (tmpdir);
  return 0;
}
