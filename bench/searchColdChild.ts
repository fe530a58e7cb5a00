// A search cold start's child as its own entry: the new process loads what a search needs, not
// the whole bench's modules (the archive service, zod, the library store), as it did through bench.js.
import { searchColdStart } from './searchBench'

await searchColdStart(process.argv[2], process.argv[3], process.argv[4])
