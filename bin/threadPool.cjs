// libuv sizes its thread pool once, at its first use, and Node reads an ES module entry through that
// pool, so the size must be set in CommonJS before any module of ours loads. A durable write waits on
// two fsyncs in the pool; with libuv's default of 4 threads, tagging 1,000 items waited on them in
// fours. A user's own UV_THREADPOOL_SIZE wins.
process.env.UV_THREADPOOL_SIZE ??= '16'
