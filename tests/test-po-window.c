/* SPDX-License-Identifier: GPL-3.0-or-later */

/* The window under each shipped language: every visible label, tooltip and
 * placeholder must be in that language, and under Arabic the window mirrors.
 *
 * Each language runs in a child process of this program, started with
 * LANGUAGE and LC_ALL set, because GTK reads the text direction and gettext
 * its catalogue once, at start.  The child walks the widget tree of a window
 * on the bundled corpus and of one on an empty corpus, compares what is shown
 * with po/LL.po, and saves a screenshot of each in screenshots/ in the build
 * folder for a person to look at.
 *
 * The pseudo-locale (po/pseudo-locale.py, made afresh from the sources)
 * brackets every string that goes through gettext: in the window on an empty
 * corpus, any label without the brackets was never translated. */

#include "config.h"

#include <errno.h>
#include <locale.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "dossier-application.h"
#include "dossier-library.h"
#include "dossier-paths.h"
#include "dossier-window.h"

#define CHILD_ENV "DOSSIER_TEST_PO_CHILD"
#define EXIT_NO_LOCALE 77

typedef struct
{
  const char *lang;
  const char *locale;
  gboolean    non_latin;   /* English words in a label stand out */
  gboolean    rtl;
  gboolean    pseudo;      /* po/pseudo-locale.py: every string of ours is bracketed */
} Language;

static const Language languages[] = {
  { "ar", "ar_EG.UTF-8", TRUE, TRUE },
  { "es", "es_ES.UTF-8", FALSE, FALSE },
  { "fr", "fr_FR.UTF-8", FALSE, FALSE },
  { "ru", "ru_RU.UTF-8", TRUE, FALSE },
  { "zh_CN", "zh_CN.UTF-8", TRUE, FALSE },
  { "pseudo", "en_US.UTF-8", FALSE, FALSE, TRUE },
};

/* Child side -------------------------------------------------------------- */

typedef struct
{
  const Language *language;
  GHashTable     *catalogue;     /* English text (mnemonics removed) → translation */
  GHashTable     *translations;  /* every translation (mnemonics removed) */
  GPtrArray      *problems;
  guint           n_strings;
  guint           n_translated;
} Check;

static void
iterate (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static gboolean
timeout_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

static void
run_for (guint msec)
{
  gboolean done = FALSE;

  g_timeout_add (msec, timeout_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

/* "_Import" → "Import", "导入(_I)" → "导入(I)", as GtkLabel shows them. */
static char *
strip_mnemonic (const char *s)
{
  GString *out = g_string_new (NULL);

  for (const char *p = s; *p != '\0'; p++)
    {
      if (*p == '_' && p[1] == '_')
        {
          g_string_append_c (out, '_');
          p++;
        }
      else if (*p != '_')
        g_string_append_c (out, *p);
    }
  return g_string_free (out, FALSE);
}

static char *
po_string (const char *line)
{
  const char *start = strchr (line, '"');
  const char *end = strrchr (line, '"');
  g_autofree char *raw = NULL;

  if (start == NULL || end == NULL || end <= start)
    return g_strdup ("");
  raw = g_strndup (start + 1, end - start - 1);
  return g_strcompress (raw);
}

/* Reads msgid → msgstr (and msgid_plural → msgstr[1]) from a .po file; enough
 * for the catalogues msgmerge writes. */
static gboolean
read_catalogue (Check      *check,
                const char *path)
{
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GString) msgid = g_string_new (NULL);
  g_autoptr(GString) plural = g_string_new (NULL);
  g_autoptr(GString) msgstr = g_string_new (NULL);
  g_autoptr(GString) msgstr1 = g_string_new (NULL);
  GString *field = NULL;
  gboolean fuzzy = FALSE;

  if (!g_file_get_contents (path, &text, NULL, NULL))
    return FALSE;
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; ; i++)
    {
      const char *line = lines[i];

      if (line == NULL || *line == '\0')
        {
          if (msgid->len > 0 && msgstr->len > 0 && !fuzzy)
            {
              char *key = strip_mnemonic (msgid->str);
              char *value = strip_mnemonic (msgstr->str);

              g_hash_table_add (check->translations, g_strdup (value));
              g_hash_table_insert (check->catalogue, key, value);
              if (plural->len > 0 && msgstr1->len > 0)
                {
                  g_hash_table_add (check->translations, strip_mnemonic (msgstr1->str));
                  g_hash_table_insert (check->catalogue, strip_mnemonic (plural->str),
                                       strip_mnemonic (msgstr1->str));
                }
            }
          g_string_truncate (msgid, 0);
          g_string_truncate (plural, 0);
          g_string_truncate (msgstr, 0);
          g_string_truncate (msgstr1, 0);
          field = NULL;
          fuzzy = FALSE;
          if (line == NULL)
            break;
          continue;
        }

      {
        g_autofree char *value = po_string (line);

        if (g_str_has_prefix (line, "#,") && strstr (line, "fuzzy") != NULL)
          fuzzy = TRUE;
        else if (line[0] == '#')
          continue;
        else if (g_str_has_prefix (line, "msgid_plural "))
          field = plural;
        else if (g_str_has_prefix (line, "msgid "))
          field = msgid;
        else if (g_str_has_prefix (line, "msgstr[1] "))
          field = msgstr1;
        else if (g_str_has_prefix (line, "msgstr ") || g_str_has_prefix (line, "msgstr[0] "))
          field = msgstr;
        else if (g_str_has_prefix (line, "msgctxt "))
          field = NULL;
        else if (line[0] != '"')
          field = NULL;
        if (field != NULL && line[0] != '#')
          g_string_append (field, value);
      }
    }
  return g_hash_table_size (check->catalogue) > 0;
}

/* Two or more lowercase English words and no letter of another script: what
 * an untranslated sentence looks like in an Arabic, Chinese or Russian window. */
static gboolean
looks_english (const char *s)
{
  g_auto(GStrv) words = NULL;
  guint n_words = 0;

  for (const char *p = s; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c > 0x7f && g_unichar_isalpha (c))
        return FALSE;
    }
  /* A file name or a symbol is one word; a sentence has spaces. */
  if (strchr (s, ' ') == NULL)
    return FALSE;
  words = g_regex_split_simple ("[^A-Za-z]+", s, 0, 0);
  for (guint i = 0; words[i] != NULL; i++)
    {
      gboolean lower = strlen (words[i]) >= 2;

      for (const char *p = words[i]; *p != '\0'; p++)
        if (!g_ascii_islower (*p))
          lower = FALSE;
      n_words += lower;
    }
  return n_words >= 2;
}

static void
check_string (Check      *check,
              GtkWidget  *widget,
              const char *what,
              const char *text,
              gboolean    data_free)
{
  const char *translation;

  if (text == NULL || *text == '\0')
    return;
  /* The program's name, the corpus's file name and file formats are names. */
  if (g_str_equal (text, "Dossier") || g_str_has_suffix (text, ".db") ||
      g_regex_match_simple ("^(SVG|PNG|PDF|DOT|JSON|GraphML)$", text, 0, 0))
    return;
  check->n_strings++;
  if (g_hash_table_contains (check->translations, text))
    check->n_translated++;

  translation = g_hash_table_lookup (check->catalogue, text);
  if (translation != NULL && g_strcmp0 (translation, text) != 0)
    g_ptr_array_add (check->problems,
                     g_strdup_printf ("%s %s of %s shows “%s” in English; the catalogue has “%s”",
                                      check->language->lang, what,
                                      G_OBJECT_TYPE_NAME (widget), text, translation));
  else if (data_free && check->language->pseudo && strstr (text, "⟦") == NULL &&
           g_regex_match_simple ("[[:alpha:]]", text, 0, 0))
    g_ptr_array_add (check->problems,
                     g_strdup_printf ("pseudo %s of %s shows “%s”, which does not go through gettext",
                                      what, G_OBJECT_TYPE_NAME (widget), text));
  else if (data_free && check->language->non_latin && translation == NULL &&
           !g_hash_table_contains (check->translations, text) && looks_english (text))
    g_ptr_array_add (check->problems,
                     g_strdup_printf ("%s %s of %s shows “%s”, which is not in the catalogue: "
                                      "is it marked for translation?",
                                      check->language->lang, what,
                                      G_OBJECT_TYPE_NAME (widget), text));
}

static void
walk (Check     *check,
      GtkWidget *widget,
      gboolean   data_free)
{
  if (!gtk_widget_get_mapped (widget))
    return;

  if (GTK_IS_LABEL (widget))
    {
      const char *text = gtk_label_get_text (GTK_LABEL (widget));

      check_string (check, widget, "label", text, data_free);
      /* Boxes instead of letters: no font on the system covers the language. */
      if (pango_layout_get_unknown_glyphs_count (gtk_label_get_layout (GTK_LABEL (widget))) > 0)
        g_ptr_array_add (check->problems,
                         g_strdup_printf ("%s: “%s” has characters no installed font can draw "
                                          "(build-aux/dev installs the fonts the languages need)",
                                          check->language->lang, text));
      /* Clipped labels are reported, not failed: some ellipsize on purpose. */
      if (check->language->pseudo && strstr (text, "⟦") != NULL &&
          pango_layout_is_ellipsized (gtk_label_get_layout (GTK_LABEL (widget))))
        g_print ("note: the label “%s” is ellipsized\n", text);
    }
  if (gtk_widget_get_has_tooltip (widget))
    {
      const char *tooltip = gtk_widget_get_tooltip_text (widget);

      check_string (check, widget, "tooltip", tooltip, data_free);
    }
  if (GTK_IS_TEXT (widget))
    check_string (check, widget, "placeholder",
                  gtk_text_get_placeholder_text (GTK_TEXT (widget)), data_free);

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    walk (check, child, data_free);
}

/* Menus are chrome: every item must be translated, shown or not. */
static void
walk_menu (Check      *check,
           GtkWidget  *owner,
           GMenuModel *model)
{
  for (int i = 0; model != NULL && i < g_menu_model_get_n_items (model); i++)
    {
      g_autofree char *label = NULL;
      g_autoptr(GMenuLinkIter) links = NULL;

      if (g_menu_model_get_item_attribute (model, i, G_MENU_ATTRIBUTE_LABEL, "s", &label))
        {
          g_autofree char *shown = strip_mnemonic (label);

          check_string (check, owner, "menu item", shown, TRUE);
        }
      links = g_menu_model_iterate_item_links (model, i);
      while (g_menu_link_iter_next (links))
        {
          g_autoptr(GMenuModel) link = g_menu_link_iter_get_value (links);

          walk_menu (check, owner, link);
        }
    }
}

static void
walk_menus (Check     *check,
            GtkWidget *widget)
{
  if (GTK_IS_MENU_BUTTON (widget))
    walk_menu (check, widget, gtk_menu_button_get_menu_model (GTK_MENU_BUTTON (widget)));
  else if (GTK_IS_POPOVER_MENU (widget))
    walk_menu (check, widget, gtk_popover_menu_get_menu_model (GTK_POPOVER_MENU (widget)));

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    walk_menus (check, child);
}

/* The shortcuts window is never shown here; its titles are read off the widgets. */
static void
walk_shortcuts (Check     *check,
                GtkWidget *widget)
{
  if (GTK_IS_SHORTCUTS_SHORTCUT (widget) || GTK_IS_SHORTCUTS_GROUP (widget) ||
      GTK_IS_SHORTCUTS_SECTION (widget))
    {
      g_autofree char *title = NULL;

      g_object_get (widget, "title", &title, NULL);
      check_string (check, widget, "shortcut title", title, TRUE);
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    walk_shortcuts (check, child);
}

static GtkWidget *
find_widget (GtkWidget *widget,
             GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_widget (child, type);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
save_screenshot (GtkWidget  *window,
                 const char *name)
{
  g_autofree char *dir = g_build_filename (g_getenv ("G_TEST_BUILDDIR") ? g_getenv ("G_TEST_BUILDDIR") : ".",
                                           "screenshots", NULL);
  g_autofree char *file = g_strconcat (name, ".png", NULL);
  g_autofree char *path = g_build_filename (dir, file, NULL);
  GtkWidget *content = adw_application_window_get_content (ADW_APPLICATION_WINDOW (window));
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (content);
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  int width = gtk_widget_get_width (content);
  int height = gtk_widget_get_height (content);

  g_mkdir_with_parents (dir, 0755);
  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  /* The paintable has nothing while a redraw is pending: wait for the next frames. */
  for (guint i = 0; node == NULL && i < 50; i++)
    {
      run_for (100);
      snapshot = gtk_snapshot_new ();
      gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), width, height);
      node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
    }
  if (node == NULL)
    {
      g_print ("no screenshot of %s: the window drew nothing (%d×%d)\n", name, width, height);
      return;
    }
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (window)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  if (gdk_texture_save_to_png (texture, path))
    g_print ("screenshot %s\n", path);
}

static GtkWidget *
open_window (DossierApplication *app,
             int                 width,
             int                 height)
{
  GtkWidget *window = GTK_WIDGET (dossier_window_new (app));

  g_object_ref_sink (window);
  gtk_window_set_default_size (GTK_WINDOW (window), width, height);
  gtk_window_present (GTK_WINDOW (window));
  /* The machine may be busy: wait for the first frame, for up to ten seconds. */
  for (guint i = 0; i < 100 && gtk_widget_get_width (window) == 0; i++)
    run_for (100);
  run_for (300);
  return window;
}

static void
close_window (GtkWidget *window)
{
  gtk_window_destroy (GTK_WINDOW (window));
  iterate ();
  g_object_unref (window);
}

static int
run_child (const char *lang)
{
  const Language *language = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *tmp = NULL;
  g_autofree char *full_db = NULL;
  g_autofree char *empty_db = NULL;
  g_autofree char *po = NULL;
  g_autofree char *mo = NULL;
  g_autofree char *shot = NULL;
  DossierApplication *app;
  GtkWidget *window;
  Check check = { 0 };
  const char *source_root = g_getenv ("DOSSIER_SOURCE_ROOT");
  const char *localedir = g_getenv ("DOSSIER_LOCALEDIR");

  for (guint i = 0; i < G_N_ELEMENTS (languages); i++)
    if (g_strcmp0 (languages[i].lang, lang) == 0)
      language = &languages[i];
  g_assert_nonnull (language);

  if (setlocale (LC_ALL, "") == NULL)
    {
      g_print ("the locale %s is not available (locale-gen %s)\n", language->locale, language->locale);
      return EXIT_NO_LOCALE;
    }
  if (localedir == NULL)
    localedir = DOSSIER_BUILD_LOCALEDIR;
  mo = g_build_filename (localedir, lang, "LC_MESSAGES", GETTEXT_PACKAGE ".mo", NULL);
  if (!g_file_test (mo, G_FILE_TEST_EXISTS))
    {
      g_print ("%s is missing: the catalogue was not built\n", mo);
      return 1;
    }
  bindtextdomain (GETTEXT_PACKAGE, localedir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  check.language = language;
  check.catalogue = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  check.translations = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  check.problems = g_ptr_array_new_with_free_func (g_free);
  po = g_build_filename (source_root ? source_root : "..", "po", NULL);
  {
    g_autofree char *name = g_strconcat (lang, ".po", NULL);
    g_autofree char *path = g_getenv ("DOSSIER_TEST_PO_FILE") != NULL
                            ? g_strdup (g_getenv ("DOSSIER_TEST_PO_FILE"))
                            : g_build_filename (po, name, NULL);

    if (!read_catalogue (&check, path))
      {
        g_print ("%s could not be read\n", path);
        return 1;
      }
  }

  gtk_init ();
  adw_init ();

  /* Dates in the language's own form, not ISO and not English. */
  {
    g_autofree char *date = dossier_i18n_format_date ("2003-01-20");

    g_print ("%s: 2003-01-20 is written “%s”\n", lang, date);
    if (g_str_equal (date, "2003-01-20") || g_str_equal (date, "20 January 2003") ||
        strstr (date, "2003") == NULL)
      g_ptr_array_add (check.problems,
                       g_strdup_printf ("%s: the date 2003-01-20 is written “%s”", lang, date));
  }

  tmp = g_dir_make_tmp ("dossier-po-window-XXXXXX", &error);
  g_assert_no_error (error);
  full_db = g_build_filename (tmp, "full.db", NULL);
  empty_db = g_build_filename (tmp, "empty.db", NULL);

  app = dossier_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);

  /* The bundled corpus with two documents side by side. */
  if (!dossier_application_open_store (app, full_db, &error))
    {
      g_print ("%s\n", error->message);
      return 1;
    }
  window = open_window (app, 1366, 768);
  {
    GListModel *documents = dossier_window_get_documents (DOSSIER_WINDOW (window));

    for (guint i = 0; i < 2 && i < g_list_model_get_n_items (documents); i++)
      {
        g_autoptr(DossierDocumentInfo) info = g_list_model_get_item (documents, i);

        dossier_window_add_column (DOSSIER_WINDOW (window), dossier_document_info_get_id (info));
      }
  }
  run_for (1000);
  walk (&check, window, FALSE);
  walk_menus (&check, window);
  {
    GtkShortcutsWindow *shortcuts = dossier_window_get_help_overlay (DOSSIER_WINDOW (window));

    if (shortcuts == NULL)
      g_ptr_array_add (check.problems, g_strdup ("the window has no shortcuts window"));
    else
      walk_shortcuts (&check, GTK_WIDGET (shortcuts));
  }

  if (language->rtl)
    {
      GtkWidget *library = find_widget (window, DOSSIER_TYPE_LIBRARY);
      graphene_point_t origin;

      if (gtk_widget_get_default_direction () != GTK_TEXT_DIR_RTL)
        g_ptr_array_add (check.problems, g_strdup_printf ("%s: the text direction is not right-to-left", lang));
      if (library == NULL || !gtk_widget_get_mapped (library))
        g_ptr_array_add (check.problems, g_strdup ("the library is not shown"));
      else if (!gtk_widget_compute_point (library, window, &GRAPHENE_POINT_INIT (0, 0), &origin) ||
               origin.x < gtk_widget_get_width (window) / 2.0)
        g_ptr_array_add (check.problems,
                         g_strdup_printf ("%s: the library sidebar is on the left (x = %.0f); "
                                          "a right-to-left window puts it on the right",
                                          lang, origin.x));
    }
  shot = g_strconcat ("po-", lang, NULL);
  save_screenshot (window, shot);
  close_window (window);

  /* An empty corpus: no document text, so any English sentence is ours. */
  {
    g_autoptr(DossierStore) store = dossier_store_open (empty_db, &error);

    g_assert_no_error (error);
  }
  if (!dossier_application_open_store (app, empty_db, &error))
    {
      g_print ("%s\n", error->message);
      return 1;
    }
  window = open_window (app, 1366, 768);
  walk (&check, window, TRUE);
  g_free (shot);
  shot = g_strconcat ("po-", lang, "-empty", NULL);
  save_screenshot (window, shot);
  close_window (window);

  /* A window that shows its translations at all: without a catalogue every
   * label would be English and this count would be zero. */
  if (check.n_translated < 10)
    g_ptr_array_add (check.problems,
                     g_strdup_printf ("%s: only %u of %u visible strings are translations",
                                      lang, check.n_translated, check.n_strings));
  g_print ("%s: %u strings checked, %u of them translations from the catalogue\n",
           lang, check.n_strings, check.n_translated);

  for (guint i = 0; i < check.problems->len; i++)
    g_print ("PROBLEM %s\n", (char *) g_ptr_array_index (check.problems, i));

  g_object_unref (app);
  {
    g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", tmp);

    if (system (cmd) != 0)
      g_printerr ("could not remove %s\n", tmp);
  }
  {
    int result = check.problems->len == 0 ? 0 : 1;

    /* Freed so that LeakSanitizer, in the sanitizer pass, sees no leak. */
    g_hash_table_unref (check.catalogue);
    g_hash_table_unref (check.translations);
    g_ptr_array_unref (check.problems);
    return result;
  }
}

/* Parent side ------------------------------------------------------------- */

static char *self_path;

static void
test_window_language (gconstpointer data)
{
  const Language *language = data;
  g_auto(GStrv) env = g_get_environ ();
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;
  const char *argv[] = { self_path, NULL };
  int status = 0;
  g_auto(GStrv) lines = NULL;
  g_autofree char *tmp = NULL;

  if (language->pseudo)
    {
      const char *root = g_getenv ("DOSSIER_SOURCE_ROOT");
      g_autofree char *script = g_build_filename (root ? root : "..", "po", "pseudo-locale.py", NULL);
      g_autofree char *po = NULL;
      int made = 0;

      tmp = g_dir_make_tmp ("dossier-pseudo-XXXXXX", &error);
      g_assert_no_error (error);
      po = g_build_filename (tmp, "pseudo.po", NULL);
      {
        const char *make[] = { "python3", script, "-o", tmp, "--po", po, NULL };

        g_spawn_sync (NULL, (char **) make, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                      NULL, NULL, &made, &error);
      }
      g_assert_no_error (error);
      g_assert_true (g_spawn_check_wait_status (made, NULL));
      env = g_environ_setenv (env, "DOSSIER_LOCALEDIR", tmp, TRUE);
      env = g_environ_setenv (env, "DOSSIER_TEST_PO_FILE", po, TRUE);
    }
  env = g_environ_setenv (env, CHILD_ENV, language->lang, TRUE);
  env = g_environ_setenv (env, "LANGUAGE", language->lang, TRUE);
  env = g_environ_setenv (env, "LANG", language->locale, TRUE);
  env = g_environ_setenv (env, "LC_ALL", language->locale, TRUE);

  g_spawn_sync (NULL, (char **) argv, env, G_SPAWN_CHILD_INHERITS_STDIN, NULL, NULL,
                &out, NULL, &status, &error);
  g_assert_no_error (error);

  lines = g_strsplit (out != NULL ? out : "", "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    if (*lines[i] != '\0')
      g_test_message ("%s", lines[i]);

  if (tmp != NULL)
    {
      g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", tmp);

      if (system (cmd) != 0)
        g_test_message ("could not remove %s", tmp);
    }

  if (WIFEXITED (status) && WEXITSTATUS (status) == EXIT_NO_LOCALE)
    {
      g_test_skip ("the locale is not generated (build-aux/dev test generates it)");
      return;
    }
  if (!g_spawn_check_wait_status (status, &error))
    {
      g_test_message ("the %s window: %s", language->lang, error->message);
      g_test_fail ();
    }
}

int
main (int   argc,
      char *argv[])
{
  const char *child = g_getenv (CHILD_ENV);

  if (child != NULL)
    return run_child (child);

  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);
  g_test_set_nonfatal_assertions ();
  self_path = g_canonicalize_filename (argv[0], NULL);
  for (guint i = 0; i < G_N_ELEMENTS (languages); i++)
    {
      g_autofree char *path = g_strdup_printf ("/dossier/po/window/%s", languages[i].lang);

      g_test_add_data_func (path, &languages[i], test_window_language);
    }
  return g_test_run ();
}
