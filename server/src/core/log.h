/* Structured logging: one JSON object per line on stderr. Owns the log level and the line format.
 * Must never be handed tokens, session keys, passwords, ID or phone numbers, or request bodies. */
#ifndef LG_LOG_H
#define LG_LOG_H

#include <stdarg.h>

enum log_level { LOG_DEBUG, LOG_INFO, LOG_WARN, LOG_ERROR };

/* Parses "debug|info|warn|error"; returns 0 and sets *out, or -1. */
int log_parse_level(const char *s, enum log_level *out);
void log_set_level(enum log_level level);
/* 1 if a line at level would be written: callers test it before formatting fields of a frequent line. */
int log_enabled(enum log_level level);
/* Writes {"ts","level","msg",...} where the extra fields come from a printf-style fragment that
 * must already be valid JSON members (e.g. "\"route\":\"%s\""), or NULL for none. */
void log_json(enum log_level level, const char *msg, const char *fields_fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Escapes s into out as the inside of a JSON string (no quotes); always NUL-terminates; returns out. */
char *log_escape(const char *s, char *out, unsigned long outlen);

#define log_info(msg, ...)  log_json(LOG_INFO, msg, __VA_ARGS__)
#define log_warn(msg, ...)  log_json(LOG_WARN, msg, __VA_ARGS__)
#define log_error(msg, ...) log_json(LOG_ERROR, msg, __VA_ARGS__)

#endif
