/* One logger for the whole program; lines go to stderr with a level and time. */
#ifndef WB_LOG_H
#define WB_LOG_H

enum wb_log_level { WB_LOG_ERR, WB_LOG_WARN, WB_LOG_INFO, WB_LOG_DEBUG };

/** Messages above @p level are dropped (default WB_LOG_INFO). */
void wb_log_set_level(enum wb_log_level level);
void wb_log(enum wb_log_level level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
