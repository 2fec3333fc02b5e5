/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * startup-bench: time to first frame and memory of a window, measured inside
 * the process and printed as one line for tests/bench/run.
 *
 *   startup-bench bare                 a bare libadwaita window (the baseline)
 *   startup-bench dossier DB           Dossier's window on the corpus DB
 *   startup-bench document DB DOC-ID   one document column showing DOC-ID
 *   startup-bench plain-document DB DOC-ID
 *                                      the same text in a plain GtkTextView
 *                                      (the baseline of the document column)
 *
 * DOSSIER_BENCH_SPAWNED_US, when set, is the CLOCK_MONOTONIC time in
 * microseconds at which the parent spawned this process, so that dynamic
 * linking and GTK's start-up count as a user sees them. The program prints
 *
 *   first_frame_ms=123.4 settled_rss_kb=45678 ready_ms=456.7 first_frame_cpu_ms=98.7
 *   first_frame_main_cpu_ms=87.6
 *
 * where settled_rss_kb is the peak resident set size one second after the
 * window is ready (the window's idle work done), and leaves without tearing
 * down. ready_ms is when the window is complete: for "dossier", the frame
 * after its library and graph lists were filled (they load after the first
 * frame); for "document", the frame after every mention was styled (a long
 * document is styled after its text is shown); for the baselines, the first
 * frame. first_frame_cpu_ms and first_frame_main_cpu_ms are the CPU time the
 * process and its main thread had used at the first frame (the rest of
 * first_frame_ms is waiting: dynamic linking before main, the X server, D-Bus).
 * With DOSSIER_BENCH_STOP=first-frame it leaves at the first frame,
 * for a profile of the start-up alone; with DOSSIER_BENCH_STOP=graph, when the
 * graph pane shows its first graph (graph_ms, printed first).
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "dossier-application.h"
#include "dossier-document-view.h"
#include "dossier-graph-pane.h"
#include "dossier-graph-view.h"
#include "dossier-paths.h"
#include "dossier-window.h"

static gint64 origin_us;
static gint64 first_frame_us;
static gint64 ready_us;
static double first_frame_cpu_ms;
static double first_frame_main_cpu_ms;
/* Returns whether the window is complete; NULL for "at the first frame". */
static gboolean (*is_ready) (GtkWidget *widget);

static long
peak_rss_kb (void)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return -1;
  line = strstr (status, "VmHWM:");
  return line != NULL ? strtol (line + strlen ("VmHWM:"), NULL, 10) : -1;
}

/* CPU time used so far, in milliseconds: by the whole process, and by the
 * main thread alone. The rest of the wall-clock time was spent waiting (for
 * the X server, D-Bus, the disk, other processes). */
static void
cpu_ms (double *process,
        double *main_thread)
{
  struct timespec ts;

  *process = *main_thread = -1;
  if (clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &ts) == 0)
    *process = ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6;
  if (clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts) == 0)
    *main_thread = ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6;
}

static void
report_and_exit (gpointer data)
{
  printf ("first_frame_ms=%.1f settled_rss_kb=%ld ready_ms=%.1f first_frame_cpu_ms=%.1f"
          " first_frame_main_cpu_ms=%.1f\n",
          (first_frame_us - origin_us) / 1000.0, peak_rss_kb (),
          (ready_us - origin_us) / 1000.0, first_frame_cpu_ms, first_frame_main_cpu_ms);
  fflush (stdout);
  _exit (0);
}

static void
after_paint_cb (GdkFrameClock *clock,
                GtkWidget     *widget)
{
  gint64 now = g_get_monotonic_time ();

  if (first_frame_us == 0)
    {
      first_frame_us = now;
      cpu_ms (&first_frame_cpu_ms, &first_frame_main_cpu_ms);
      /* For profiling what comes before the first frame alone. */
      if (g_strcmp0 (g_getenv ("DOSSIER_BENCH_STOP"), "first-frame") == 0)
        {
          ready_us = now;
          report_and_exit (NULL);
        }
    }
  if (ready_us != 0)
    return;
  /* ready_changed_cb() asks for the frame that shows the change. */
  if (is_ready != NULL && !is_ready (widget))
    return;
  ready_us = now;
  if (g_strcmp0 (g_getenv ("DOSSIER_BENCH_STOP"), "graph") != 0)
    g_timeout_add_once (1000, report_and_exit, NULL);
}

static void
ready_changed_cb (GObject    *object,
                  GParamSpec *pspec,
                  GtkWidget  *widget)
{
  gtk_widget_queue_draw (widget);
}

static void
watch_first_frame (GtkWidget *widget)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (widget);

  g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), widget);
}

static gboolean
window_is_ready (GtkWidget *widget)
{
  gboolean loading = FALSE;

  if (DOSSIER_IS_WINDOW (widget))
    g_object_get (widget, "loading", &loading, NULL);
  return !loading;
}

static gboolean
document_is_styled (GtkWidget *widget)
{
  GtkWidget *view = gtk_window_get_child (GTK_WINDOW (widget));
  gboolean styled = TRUE;

  if (DOSSIER_IS_DOCUMENT_VIEW (view))
    g_object_get (view, "styled", &styled, NULL);
  return styled;
}

/* DOSSIER_BENCH_STOP=graph: leaves when the graph pane shows its first graph,
 * printing when that was as graph_ms. */
static void
graph_changed_cb (GObject    *view,
                  GParamSpec *pspec,
                  gpointer    data)
{
  if (dossier_graph_view_get_graph (DOSSIER_GRAPH_VIEW (view)) == NULL)
    return;
  printf ("graph_ms=%.1f ", (g_get_monotonic_time () - origin_us) / 1000.0);
  if (ready_us == 0)
    ready_us = g_get_monotonic_time ();
  report_and_exit (NULL);
}

static void
window_added_cb (GtkApplication *app,
                 GtkWindow      *window,
                 gpointer        data)
{
  g_signal_connect (window, "realize", G_CALLBACK (watch_first_frame), NULL);
  if (DOSSIER_IS_WINDOW (window))
    g_signal_connect (window, "notify::loading", G_CALLBACK (ready_changed_cb), window);
  if (DOSSIER_IS_WINDOW (window) && g_strcmp0 (g_getenv ("DOSSIER_BENCH_STOP"), "graph") == 0)
    {
      GtkWidget *view = dossier_graph_pane_get_graph_widget (dossier_window_get_graph_pane (DOSSIER_WINDOW (window)));

      if (DOSSIER_IS_GRAPH_VIEW (view))
        g_signal_connect (view, "notify::graph", G_CALLBACK (graph_changed_cb), NULL);
    }
}

static void
bare_activate_cb (GtkApplication *app,
                  gpointer        data)
{
  GtkWidget *window = adw_application_window_new (app);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);

  gtk_box_append (GTK_BOX (box), adw_header_bar_new ());
  gtk_box_append (GTK_BOX (box), gtk_label_new ("Dossier"));
  adw_application_window_set_content (ADW_APPLICATION_WINDOW (window), box);
  gtk_window_set_default_size (GTK_WINDOW (window), 1366, 768);
  gtk_window_present (GTK_WINDOW (window));
}

static void
show_plain (GtkWidget    *window,
            DossierStore *store,
            gint64        document_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) blocks = dossier_store_get_blocks (store, document_id, &error);
  g_autoptr(GString) text = g_string_new (NULL);
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *view = gtk_text_view_new ();

  for (guint i = 0; blocks != NULL && i < blocks->len; i++)
    {
      DossierBlock *block = g_ptr_array_index (blocks, i);

      if (block->label != NULL)
        g_string_append_printf (text, "%s\t", block->label);
      g_string_append (text, block->text);
      g_string_append (text, "\n\n");
    }
  gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (view), GTK_WRAP_WORD_CHAR);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (view)), text->str, text->len);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), view);
  gtk_window_set_child (GTK_WINDOW (window), scrolled);
}

static int
run_document (const char *db,
              gint64      document_id,
              gboolean    plain)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DossierStore) store = NULL;
  g_autoptr(DossierSelection) selection = NULL;
  g_autoptr(GListStore) documents = g_list_store_new (G_TYPE_OBJECT);
  GtkWidget *window, *view;

  gtk_init ();
  adw_init ();
  store = dossier_store_open (db, &error);
  if (store == NULL)
    {
      fprintf (stderr, "startup-bench: %s\n", error->message);
      return 1;
    }
  selection = dossier_selection_new ();
  window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (window), 700, 768);
  gtk_widget_realize (window);
  watch_first_frame (window);

  /* The clock starts when the column is asked to show the document. */
  origin_us = g_get_monotonic_time ();
  if (plain)
    {
      show_plain (window, store, document_id);
      gtk_window_present (GTK_WINDOW (window));
      while (TRUE)
        g_main_context_iteration (NULL, TRUE);
    }
  is_ready = document_is_styled;
  view = dossier_document_view_new (store, selection, G_LIST_MODEL (documents));
  gtk_window_set_child (GTK_WINDOW (window), view);
  g_signal_connect (view, "notify::styled", G_CALLBACK (ready_changed_cb), window);
  if (!dossier_document_view_set_document_id (DOSSIER_DOCUMENT_VIEW (view), document_id))
    {
      fprintf (stderr, "startup-bench: document %" G_GINT64_FORMAT " could not be shown\n",
               document_id);
      return 1;
    }
  gtk_window_present (GTK_WINDOW (window));
  while (TRUE)
    g_main_context_iteration (NULL, TRUE);
}

int
main (int   argc,
      char *argv[])
{
  const char *spawned = g_getenv ("DOSSIER_BENCH_SPAWNED_US");
  g_autoptr(GtkApplication) app = NULL;

  origin_us = spawned != NULL ? g_ascii_strtoll (spawned, NULL, 10) : g_get_monotonic_time ();

  if (argc >= 2 && strcmp (argv[1], "bare") == 0)
    {
      app = GTK_APPLICATION (adw_application_new ("org.dossier.StartupBench",
                                                  G_APPLICATION_NON_UNIQUE));
      g_signal_connect (app, "activate", G_CALLBACK (bare_activate_cb), NULL);
      g_signal_connect (app, "window-added", G_CALLBACK (window_added_cb), NULL);
      return g_application_run (G_APPLICATION (app), 1, argv);
    }

  if (argc >= 3 && strcmp (argv[1], "dossier") == 0)
    {
      char *args[] = { argv[0], (char *) "--db", argv[2], NULL };

      dossier_i18n_init ();
      app = GTK_APPLICATION (dossier_application_new ());
      g_application_set_flags (G_APPLICATION (app),
                               g_application_get_flags (G_APPLICATION (app)) | G_APPLICATION_NON_UNIQUE);
      is_ready = window_is_ready;
      g_signal_connect (app, "window-added", G_CALLBACK (window_added_cb), NULL);
      return g_application_run (G_APPLICATION (app), 3, args);
    }

  if (argc >= 4 && strcmp (argv[1], "document") == 0)
    return run_document (argv[2], g_ascii_strtoll (argv[3], NULL, 10), FALSE);
  if (argc >= 4 && strcmp (argv[1], "plain-document") == 0)
    return run_document (argv[2], g_ascii_strtoll (argv[3], NULL, 10), TRUE);

  fprintf (stderr, "Usage: startup-bench bare | dossier DB | document DB DOC-ID"
           " | plain-document DB DOC-ID\n");
  return 2;
}
