/* Error codes shared by every layer: 0 is success, failures are negative. */
#ifndef WB_ERR_H
#define WB_ERR_H

enum wb_err {
	WB_OK = 0,
	WB_ERR_INVALID = -1,   /**< input failed validation (400) */
	WB_ERR_NOT_FOUND = -2, /**< absent or outside the caller's scope (404) */
	WB_ERR_STATE = -3,     /**< not allowed in the current state (409) */
	WB_ERR_FORBIDDEN = -4, /**< the role may not take this action (403) */
	WB_ERR_AUTH = -5,      /**< not logged in, or bad credentials (401) */
	WB_ERR_TOO_LARGE = -6, /**< input over a size cap (413) */
	WB_ERR_RATE = -7,      /**< rate limited (429) */
	WB_ERR_CONFLICT = -8,  /**< unique value already taken (409) */
	WB_ERR_DB = -9,        /**< storage failed; details are logged, not returned (500) */
	WB_ERR_BUSY = -10,     /**< storage busy or serialization failure: retry */
	WB_ERR_IO = -11,       /**< file or system call failed */
	WB_ERR_INTERNAL = -12, /**< a bug */
	WB_ERR_UNSUPPORTED = -13, /**< the storage engine cannot do this (501) */
};

/** @return a short lowercase English name of @p e, for logs */
const char *wb_err_name(int e);

#endif
