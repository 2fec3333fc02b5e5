/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include "dossier-selection.h"

typedef struct
{
  guint    n_changed;
  gpointer origin;
} Counter;

static void
changed_cb (DossierSelection *selection,
            Counter          *counter)
{
  counter->n_changed++;
  counter->origin = dossier_selection_get_origin (selection);
}

static void
test_selection_history (void)
{
  DossierSelection *selection = dossier_selection_new ();
  Counter counter = { 0, NULL };
  int origin;

  g_signal_connect (selection, "changed", G_CALLBACK (changed_cb), &counter);
  g_assert_false (dossier_selection_get_can_go_back (selection));
  g_assert_false (dossier_selection_go_back (selection));

  dossier_selection_select_entity (selection, 7, &origin);
  g_assert_cmpint (dossier_selection_get_entity_id (selection), ==, 7);
  g_assert_cmpuint (counter.n_changed, ==, 1);
  g_assert_true (counter.origin == &origin);
  g_assert_null (dossier_selection_get_origin (selection));
  g_assert_false (dossier_selection_get_can_go_back (selection));

  /* The same choice again still says "changed" (to scroll back to it), but adds
   * nothing to the history. */
  dossier_selection_select_entity (selection, 7, NULL);
  g_assert_cmpuint (counter.n_changed, ==, 2);
  g_assert_false (dossier_selection_get_can_go_back (selection));

  dossier_selection_set_document_id (selection, 3);
  dossier_selection_select_block (selection, 3, 42, NULL);
  g_assert_cmpint (dossier_selection_get_block_id (selection), ==, 42);
  /* A go-to keeps the chosen entity highlighted. */
  g_assert_cmpint (dossier_selection_get_entity_id (selection), ==, 7);
  dossier_selection_select_entity (selection, 9, NULL);
  g_assert_cmpint (dossier_selection_get_block_id (selection), ==, 0);
  g_assert_cmpint (dossier_selection_get_document_id (selection), ==, 3);

  g_assert_true (dossier_selection_go_back (selection));
  g_assert_cmpint (dossier_selection_get_entity_id (selection), ==, 7);
  g_assert_cmpint (dossier_selection_get_block_id (selection), ==, 42);
  g_assert_true (dossier_selection_go_back (selection));
  g_assert_cmpint (dossier_selection_get_block_id (selection), ==, 0);
  g_assert_false (dossier_selection_go_back (selection));
  g_assert_true (dossier_selection_get_can_go_forward (selection));

  g_assert_true (dossier_selection_go_forward (selection));
  /* A new choice drops what lay ahead. */
  dossier_selection_select_entity (selection, 11, NULL);
  g_assert_false (dossier_selection_get_can_go_forward (selection));
  g_assert_true (dossier_selection_go_back (selection));
  g_assert_cmpint (dossier_selection_get_block_id (selection), ==, 42);

  dossier_selection_reset (selection);
  g_assert_cmpint (dossier_selection_get_entity_id (selection), ==, 0);
  g_assert_false (dossier_selection_get_can_go_back (selection));
  g_assert_false (dossier_selection_get_can_go_forward (selection));

  g_assert_finalize_object (selection);
}

static void
notify_cb (GObject    *object,
           GParamSpec *pspec,
           guint      *count)
{
  (*count)++;
}

static void
test_selection_notify_on_change_only (void)
{
  DossierSelection *selection = dossier_selection_new ();
  guint n_entity = 0, n_back = 0;

  g_signal_connect (selection, "notify::entity-id", G_CALLBACK (notify_cb), &n_entity);
  g_signal_connect (selection, "notify::can-go-back", G_CALLBACK (notify_cb), &n_back);

  dossier_selection_select_entity (selection, 1, NULL);
  dossier_selection_select_entity (selection, 1, NULL);
  g_assert_cmpuint (n_entity, ==, 1);
  g_assert_cmpuint (n_back, ==, 0);
  dossier_selection_select_entity (selection, 2, NULL);
  g_assert_cmpuint (n_entity, ==, 2);
  g_assert_cmpuint (n_back, ==, 1);
  dossier_selection_select_entity (selection, 3, NULL);
  g_assert_cmpuint (n_back, ==, 1);

  g_assert_finalize_object (selection);
}

static void
test_selection_history_is_bounded (void)
{
  DossierSelection *selection = dossier_selection_new ();
  guint steps = 0;

  for (gint64 i = 1; i <= 500; i++)
    dossier_selection_select_entity (selection, i, NULL);
  while (dossier_selection_go_back (selection))
    steps++;
  g_assert_cmpuint (steps, <, 500);
  g_assert_cmpuint (steps, >, 10);

  g_assert_finalize_object (selection);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/dossier/selection/history", test_selection_history);
  g_test_add_func ("/dossier/selection/notify-on-change-only", test_selection_notify_on_change_only);
  g_test_add_func ("/dossier/selection/history-is-bounded", test_selection_history_is_bounded);

  return g_test_run ();
}
