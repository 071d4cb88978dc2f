/* The lexicon entry as the admin API shows it (see view_word.h). Must not read the lexicon or scan text. */
#include "svc/view_word.h"

#include "svc/view.h"

json_t *view_word(const struct word_row *w)
{
    return json_pack("{s:I, s:s, s:s, s:s, s:b, s:b, s:o, s:o, s:o, s:o}", "id", (json_int_t)w->id, "word",
                     w->word, "category", w->category, "action", w->action, "allow", w->allow != 0, "enabled",
                     w->enabled != 0, "note", view_str(w->note), "created_by", view_str(w->created_by),
                     "created_at", view_time(w->created_at), "updated_at", view_time(w->updated_at));
}
