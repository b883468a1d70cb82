using BenchmarkDotNet.Running;
using PostmortemSearch.Benchmarks;

// `peers CORPUS QUERIES OUT.json [--iters N] [--warmup N] [--topk K]`: the side-by-side harness (../shared/peers).
// `seed-store CORPUS.jsonl DB [--docs N]`: a store (and its index) to time `pmsearch search --db DB` against.
// `load [--docs N] [--seconds S] [--concurrency C] [--import-docs M] [--out FILE]`: HTTP load test on loopback (Load/LoadCommand.cs).
// `relevance-export OUTDIR` / `relevance-compare OUTDIR PEER_OUT.json [--out FILE.md]`: nDCG@10 next to a peer (Relevance/).
// `store-backends --postgres postgresql://…/EMPTY_DB [--docs 20000]`: SQLite vs PostgreSQL import, reads, catch-up, search (StoreBackendsCommand.cs).
// Anything else goes to BenchmarkDotNet, e.g. `--filter *QueryBenchmarks*`.
if (args.Length > 0 && args[0] == "load") return PostmortemSearch.Benchmarks.Load.LoadCommand.Run(args[1..]);
if (args.Length > 0 && args[0] == "store-backends") return StoreBackendsCommand.Run(args[1..]);
if (args.Length > 0 && args[0] == "peers") return PeersCommand.Run(args[1..]);
if (args.Length > 0 && args[0] == "seed-store") return SeedStoreCommand.Run(args[1..]);
if (args.Length > 0 && args[0] == "relevance-export") return PostmortemSearch.Benchmarks.Relevance.RelevanceCommands.Export(args[1..]);
if (args.Length > 0 && args[0] == "relevance-compare") return PostmortemSearch.Benchmarks.Relevance.RelevanceCommands.Compare(args[1..]);
BenchmarkSwitcher.FromAssembly(typeof(PeersCommand).Assembly).Run(args);
return 0;
