/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "dossier-draft-panel.h"
#include "dossier-import-job.h"
#include "dossier-window.h"

G_BEGIN_DECLS

struct _DossierWindow
{
  AdwApplicationWindow  parent_instance;

  GSettings            *settings;
  DossierStore         *store;
  DossierSelection     *selection;
  GListStore           *documents;        /* of DossierDocumentInfo */
  DossierDocumentView  *active_column;
  GPtrArray            *column_order;     /* columns, least recently used first */
  gboolean              show_library;
  gboolean              show_graph;
  gboolean              show_inspector;
  int                   inspector_width;
  int                   graph_height;
  int                   inner_max;        /* the paneds' lengths when last laid out */
  int                   center_max;
  gboolean              applying_panes;
  guint                 restore_panes_id;
  guint                 error_dialog_id;  /* shows error_dialog once idle */
  AdwMessageDialog     *error_dialog;     /* the corpus cannot be opened */
  guint                 deferred_load_id; /* loads the library after the first frame */
  guint                 hidden_panes_id;  /* builds the hidden panes after the first frame */
  gboolean              tooltips_set;     /* the header bar's, after the first frame */
  gboolean              forwarding_draft; /* a "draft" action goes to the new draft panel */
  gboolean              search_pending;   /* the search waits to be opened for its model */
  guint                 poll_store_id;     /* looks for other programs' writes */

  DossierImportJob     *import_job;
  GCancellable         *import_cancellable;
  DossierBatchResult   *import_result;    /* the last one, for "Details" */

  /* Template widgets */
  AdwToastOverlay      *toast_overlay;
  AdwHeaderBar         *header_bar;
  AdwWindowTitle       *window_title;
  GtkMenuButton        *search_button;
  DossierSearchPopover *search_popover;   /* built on first use or after the first frame */
  GtkToggleButton      *draft_toggle;
  GtkRevealer          *import_revealer;
  GtkLabel             *import_label;
  GtkProgressBar       *import_progress;
  GtkStack             *main_stack;
  GtkPaned             *outer_paned;
  GtkPaned             *inner_paned;
  GtkPaned             *center_paned;
  DossierLibrary       *library;
  GtkStack             *column_stack;
  GtkBox               *columns_box;
  DossierGraphPane     *graph_pane;
  DossierInspector     *inspector;
  GtkPaned             *draft_paned;
  DossierDraftPanel    *draft_panel;      /* built on first use or after the first frame */
  AdwStatusPage        *loading_page;
  GtkSpinner           *loading_spinner;
  AdwStatusPage        *error_page;
};

/* dossier-window.c */
void     _dossier_window_update_state       (DossierWindow *self);
void     _dossier_window_reload_documents   (DossierWindow *self);
void     _dossier_window_reload_entities    (DossierWindow *self);
void     _dossier_window_set_active_column  (DossierWindow *self,
                                             DossierDocumentView *column);

/* dossier-window-actions.c */
void     _dossier_window_class_init_actions (GtkWidgetClass *widget_class);
void     _dossier_window_update_actions     (DossierWindow  *self);

/* dossier-window-import.c */
void     _dossier_window_init_import        (DossierWindow  *self);
void     _dossier_window_dispose_import     (DossierWindow  *self);
void     _dossier_window_choose_import      (DossierWindow  *self,
                                             gboolean        folders);
void     _dossier_window_cancel_import      (DossierWindow  *self);
void     _dossier_window_show_import_details (DossierWindow *self);

G_END_DECLS
