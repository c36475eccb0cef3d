using TeamClusterSync.Bench;

// Each benchmark is a class implementing IBenchmark; they are found by reflection so adding one touches one file.
var all = typeof(IBenchmark).Assembly.GetTypes()
    .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IBenchmark).IsAssignableFrom(t))
    .Select(t => (IBenchmark)Activator.CreateInstance(t)!)
    .OrderBy(b => b.Name)
    .ToList();

if (args.Length == 0 || all.All(b => b.Name != args[0]))
{
    Console.WriteLine("usage: TeamClusterSync.Bench NAME [ARGS]   (run with -c Release)");
    foreach (var b in all)
    {
        Console.WriteLine($"  {b.Name,-10} {b.Description}");
    }

    return args.Length == 0 ? 0 : 2;
}

await all.First(b => b.Name == args[0]).RunAsync(args[1..]);
return 0;
