/*
 * search_bm25(search_fts, counts, stamp, weight...): FTS5's bm25() with column weights, computed exactly as
 * fts5_aux.c's fts5Bm25Function does, except where each phrase's document frequency comes from.
 *
 * Why: bm25() counts, once per query, every row of every phrase of the query for its IDF (a walk of
 * the phrase's whole doclist through xQueryPhrase). Our queries have up to three phrases a word (its
 * Dutch and English stems and itself), and a common word is in more than half of the library: that
 * count cost more than ranking the matches. The library's impact lists already keep how many items
 * have each frequent stemmed word, so the caller passes those counts in and only the others are
 * counted here, as bm25() counts them.
 *
 * `counts` is a blob of little-endian float64s: first N (the row count of the IDF; negative: FTS5's
 * own, as bm25() reads it), then one document frequency per phrase in FTS5's order (the order the
 * phrases appear in the MATCH string); a negative value or a NULL blob means "count it as bm25()
 * does". The weights follow, one per column (1.0 for a missing one), as bm25()'s arguments.
 *
 * Each matched row's length is read from FTS5's docsize table (xColumnSize: a B-tree lookup a row,
 * 1.8 µs, a third of the ranking of a two-word query at 100,000 items). The lengths read are kept per
 * connection while `stamp` (a text that changes with every commit the connection can see and every
 * change of its own; NULL: keep nothing) stays the same, so that the next queries read them from memory.
 * The score is negative, as bm25()'s is, so that ORDER BY it puts the best first.
 */
#include <math.h>
#include <string.h>
#include "sqlite3ext.h"
SQLITE_EXTENSION_INIT1

/* bm25()'s constants. */
static const double K1 = 1.2;
static const double B = 0.75;

/* Per connection: each row's length + 1 by rowid (0: not read yet), valid while the stamp stays the same. */
typedef struct Lengths {
  char *stamp;
  unsigned int *byRowid;
  sqlite3_int64 size;
} Lengths;

/* Rowids beyond this are not kept (4 bytes a rowid up to it: 64 MB at most). */
static const sqlite3_int64 MAX_KEPT_ROWID = 16 * 1024 * 1024;

static void freeLengths(void *data) {
  Lengths *lengths = (Lengths *)data;
  sqlite3_free(lengths->stamp);
  sqlite3_free(lengths->byRowid);
  sqlite3_free(lengths);
}

/* Forgets every kept length when the stamp differs from the one they were read under. */
static void checkStamp(Lengths *lengths, sqlite3_value *stamp) {
  const char *text = stamp && sqlite3_value_type(stamp) == SQLITE_TEXT ? (const char *)sqlite3_value_text(stamp) : 0;
  if (text && lengths->stamp && strcmp(text, lengths->stamp) == 0) return;
  if (lengths->byRowid) memset(lengths->byRowid, 0, (size_t)lengths->size * sizeof(unsigned int));
  sqlite3_free(lengths->stamp);
  lengths->stamp = text ? sqlite3_mprintf("%s", text) : 0;
}

/* A row's length in tokens, from memory when kept under the current stamp, else from FTS5 (then kept). */
static int rowLength(const Fts5ExtensionApi *api, Fts5Context *fts, Lengths *lengths, int *out) {
  sqlite3_int64 rowid = api->xRowid(fts);
  int keep = lengths->stamp != 0 && rowid >= 0 && rowid < MAX_KEPT_ROWID;
  if (keep && rowid < lengths->size && lengths->byRowid[rowid]) {
    *out = (int)lengths->byRowid[rowid] - 1;
    return SQLITE_OK;
  }
  int rc = api->xColumnSize(fts, -1, out);
  if (rc != SQLITE_OK || !keep) return rc;
  if (rowid >= lengths->size) {
    sqlite3_int64 size = lengths->size ? lengths->size : 1024;
    while (size <= rowid) size *= 2;
    unsigned int *grown = (unsigned int *)sqlite3_realloc64(lengths->byRowid, (sqlite3_uint64)size * sizeof(unsigned int));
    /* Out of memory: the length is still right, only not kept. */
    if (!grown) return SQLITE_OK;
    memset(grown + lengths->size, 0, (size_t)(size - lengths->size) * sizeof(unsigned int));
    lengths->byRowid = grown;
    lengths->size = size;
  }
  lengths->byRowid[rowid] = (unsigned int)*out + 1;
  return SQLITE_OK;
}

/* What is computed once per query (FTS5 keeps it with the query's cursor through xSetAuxdata). */
typedef struct Ranking {
  int nPhrase;
  double avgdl;  /* FTS5's average row length in tokens, as bm25() reads it */
  double *idf;   /* per phrase */
  double *freq;  /* per phrase, reset for each row */
} Ranking;

static int countRow(const Fts5ExtensionApi *api, Fts5Context *fts, void *user) {
  (void)api;
  (void)fts;
  (*(sqlite3_int64 *)user)++;
  return SQLITE_OK;
}

/*
 * The n-th float64 of the blob, or -1 (count it). A blob of another length than one value per phrase
 * (and N) was numbered for another query: all are counted then, as bm25() counts them.
 */
static double givenCount(sqlite3_value *counts, int nPhrase, int n) {
  if (counts == 0 || sqlite3_value_type(counts) != SQLITE_BLOB) return -1.0;
  const unsigned char *bytes = sqlite3_value_blob(counts);
  if (bytes == 0 || sqlite3_value_bytes(counts) != (nPhrase + 1) * 8) return -1.0;
  double value;
  memcpy(&value, bytes + n * 8, 8);
  return value;
}

static int rankingOf(const Fts5ExtensionApi *api, Fts5Context *fts, sqlite3_value *counts, sqlite3_value *stamp, Ranking **out) {
  Ranking *ranking = (Ranking *)api->xGetAuxdata(fts, 0);
  if (ranking) {
    *out = ranking;
    return SQLITE_OK;
  }
  int nPhrase = api->xPhraseCount(fts);
  ranking = (Ranking *)sqlite3_malloc64(sizeof(Ranking) + (sqlite3_int64)nPhrase * 2 * sizeof(double));
  if (!ranking) return SQLITE_NOMEM;
  memset(ranking, 0, sizeof(Ranking) + (size_t)nPhrase * 2 * sizeof(double));
  ranking->nPhrase = nPhrase;
  ranking->idf = (double *)&ranking[1];
  ranking->freq = &ranking->idf[nPhrase];
  /* Once per query: the kept lengths are forgotten when the stamp moved. */
  checkStamp((Lengths *)api->xUserData(fts), stamp);

  sqlite3_int64 nRow = 0, nToken = 0;
  int rc = api->xRowCount(fts, &nRow);
  if (rc == SQLITE_OK) rc = api->xColumnTotalSize(fts, -1, &nToken);
  if (rc == SQLITE_OK) ranking->avgdl = (double)nToken / (double)nRow;
  double rows = givenCount(counts, nPhrase, 0);
  if (rows < 0) rows = (double)nRow;

  for (int i = 0; rc == SQLITE_OK && i < nPhrase; i++) {
    double hits = givenCount(counts, nPhrase, i + 1);
    if (hits < 0) {
      sqlite3_int64 counted = 0;
      rc = api->xQueryPhrase(fts, i, &counted, countRow);
      hits = (double)counted;
    }
    /* bm25()'s IDF, floored as it floors one of a phrase in half the rows or more. */
    double idf = log((rows - hits + 0.5) / (hits + 0.5));
    ranking->idf[i] = idf <= 0.0 ? 1e-6 : idf;
  }
  if (rc == SQLITE_OK) rc = api->xSetAuxdata(fts, ranking, sqlite3_free);
  else sqlite3_free(ranking);
  /* xSetAuxdata frees the object itself when it fails. */
  *out = rc == SQLITE_OK ? ranking : 0;
  return rc;
}

static void searchBm25(const Fts5ExtensionApi *api, Fts5Context *fts, sqlite3_context *ctx, int nVal, sqlite3_value **args) {
  Ranking *ranking = 0;
  int rc = rankingOf(api, fts, nVal > 0 ? args[0] : 0, nVal > 1 ? args[1] : 0, &ranking);
  int nInst = 0;
  if (rc == SQLITE_OK) {
    memset(ranking->freq, 0, sizeof(double) * (size_t)ranking->nPhrase);
    rc = api->xInstCount(fts, &nInst);
  }
  /* Each instance of a phrase counts the weight of its column. */
  for (int i = 0; rc == SQLITE_OK && i < nInst; i++) {
    int phrase, column, offset;
    rc = api->xInst(fts, i, &phrase, &column, &offset);
    if (rc == SQLITE_OK) ranking->freq[phrase] += nVal > column + 2 ? sqlite3_value_double(args[column + 2]) : 1.0;
  }
  int length = 0;
  if (rc == SQLITE_OK) rc = rowLength(api, fts, (Lengths *)api->xUserData(fts), &length);
  if (rc != SQLITE_OK) {
    sqlite3_result_error_code(ctx, rc);
    return;
  }
  double score = 0.0;
  for (int i = 0; i < ranking->nPhrase; i++) {
    double f = ranking->freq[i];
    score += ranking->idf[i] * ((f * (K1 + 1.0)) / (f + K1 * (1 - B + B * (double)length / ranking->avgdl)));
  }
  sqlite3_result_double(ctx, -1.0 * score);
}

/* The documented way to reach FTS5's API from an extension: SELECT fts5(?1) with a bound pointer. */
static fts5_api *fts5ApiOf(sqlite3 *db) {
  fts5_api *api = 0;
  sqlite3_stmt *stmt = 0;
  if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &stmt, 0) != SQLITE_OK) return 0;
  sqlite3_bind_pointer(stmt, 1, (void *)&api, "fts5_api_ptr", 0);
  sqlite3_step(stmt);
  sqlite3_finalize(stmt);
  return api;
}

#ifdef _WIN32
__declspec(dllexport)
#endif
/* The name SQLite derives from the file's (searchRanking): sqlite3_searchranking_init. */
int sqlite3_searchranking_init(sqlite3 *db, char **error, const sqlite3_api_routines *routines) {
  SQLITE_EXTENSION_INIT2(routines);
  fts5_api *api = fts5ApiOf(db);
  if (api == 0 || api->iVersion < 2) {
    *error = sqlite3_mprintf("FTS5 is not available");
    return SQLITE_ERROR;
  }
  Lengths *lengths = (Lengths *)sqlite3_malloc64(sizeof(Lengths));
  if (!lengths) return SQLITE_NOMEM;
  memset(lengths, 0, sizeof(Lengths));
  /* One registration per connection (fts5_api is the connection's), so the kept lengths are its own; freed with it. */
  int rc = api->xCreateFunction(api, "search_bm25", lengths, searchBm25, freeLengths);
  if (rc != SQLITE_OK) freeLengths(lengths);
  return rc;
}
