/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include "dossier-document-info-private.h"

struct _DossierDocumentInfo
{
  GObject parent_instance;

  gint64  id;
  char   *symbol;
  char   *title;
  char   *kind;
  char   *date;
  char   *body;
  char   *session;
  char   *language;
  char   *source_name;
  char   *format;
  char   *content_hash;
  guint   n_blocks;
  guint   n_paragraphs;
};

G_DEFINE_FINAL_TYPE (DossierDocumentInfo, dossier_document_info, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_SYMBOL,
  PROP_TITLE,
  PROP_KIND,
  PROP_DATE,
  PROP_DISPLAY_NAME,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
dossier_document_info_finalize (GObject *object)
{
  DossierDocumentInfo *self = (DossierDocumentInfo *) object;

  g_free (self->symbol);
  g_free (self->title);
  g_free (self->kind);
  g_free (self->date);
  g_free (self->body);
  g_free (self->session);
  g_free (self->language);
  g_free (self->source_name);
  g_free (self->format);
  g_free (self->content_hash);

  G_OBJECT_CLASS (dossier_document_info_parent_class)->finalize (object);
}

static void
dossier_document_info_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  DossierDocumentInfo *self = DOSSIER_DOCUMENT_INFO (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_int64 (value, self->id);
      break;
    case PROP_SYMBOL:
      g_value_set_string (value, self->symbol);
      break;
    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;
    case PROP_KIND:
      g_value_set_string (value, self->kind);
      break;
    case PROP_DATE:
      g_value_set_string (value, self->date);
      break;
    case PROP_DISPLAY_NAME:
      g_value_set_string (value, dossier_document_info_get_display_name (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dossier_document_info_class_init (DossierDocumentInfoClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = dossier_document_info_finalize;
  object_class->get_property = dossier_document_info_get_property;

  properties[PROP_ID] =
    g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_SYMBOL] =
    g_param_spec_string ("symbol", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_KIND] =
    g_param_spec_string ("kind", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_DATE] =
    g_param_spec_string ("date", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_DISPLAY_NAME] =
    g_param_spec_string ("display-name", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
dossier_document_info_init (DossierDocumentInfo *self)
{
}

DossierDocumentInfo *
_dossier_document_info_new (gint64      id,
                            const char *symbol,
                            const char *title,
                            const char *kind,
                            const char *date,
                            const char *body,
                            const char *session,
                            const char *language,
                            const char *source_name,
                            const char *format,
                            const char *content_hash,
                            guint       n_blocks,
                            guint       n_paragraphs)
{
  DossierDocumentInfo *self = g_object_new (DOSSIER_TYPE_DOCUMENT_INFO, NULL);

  self->id = id;
  self->symbol = g_strdup (symbol);
  self->title = g_strdup (title);
  self->kind = g_strdup (kind);
  self->date = g_strdup (date);
  self->body = g_strdup (body);
  self->session = g_strdup (session);
  self->language = g_strdup (language);
  self->source_name = g_strdup (source_name);
  self->format = g_strdup (format);
  self->content_hash = g_strdup (content_hash);
  self->n_blocks = n_blocks;
  self->n_paragraphs = n_paragraphs;

  return self;
}

gint64
dossier_document_info_get_id (DossierDocumentInfo *self)
{
  g_return_val_if_fail (DOSSIER_IS_DOCUMENT_INFO (self), 0);
  return self->id;
}

#define STRING_GETTER(field) \
  const char * \
  dossier_document_info_get_##field (DossierDocumentInfo *self) \
  { \
    g_return_val_if_fail (DOSSIER_IS_DOCUMENT_INFO (self), NULL); \
    return self->field; \
  }

STRING_GETTER (symbol)
STRING_GETTER (title)
STRING_GETTER (kind)
STRING_GETTER (date)
STRING_GETTER (body)
STRING_GETTER (session)
STRING_GETTER (language)
STRING_GETTER (source_name)
STRING_GETTER (format)
STRING_GETTER (content_hash)

guint
dossier_document_info_get_n_blocks (DossierDocumentInfo *self)
{
  g_return_val_if_fail (DOSSIER_IS_DOCUMENT_INFO (self), 0);
  return self->n_blocks;
}

guint
dossier_document_info_get_n_paragraphs (DossierDocumentInfo *self)
{
  g_return_val_if_fail (DOSSIER_IS_DOCUMENT_INFO (self), 0);
  return self->n_paragraphs;
}

const char *
dossier_document_info_get_display_name (DossierDocumentInfo *self)
{
  g_return_val_if_fail (DOSSIER_IS_DOCUMENT_INFO (self), NULL);
  return self->symbol != NULL ? self->symbol : self->title;
}
