import Foundation
import ProjectFiles

/// A deterministic synthetic year of customs data, in the exact published format, for
/// the demo and the tests. Calibrated so that the real 2024 totals published in the
/// fiche's example come out exactly: Val-d'Oise, Île-de-France and France, both flows.
///
/// Every département trades every quarter. Each one has its own specialities (a Zipf
/// law over a shuffled product list, with a few hand-set leaders) and partners (a Zipf
/// law over France's usual partners, perturbed), so a few products and partners dominate
/// over long tails, as in the real data.
package enum DemoYear {
    package static let year = 2024
    /// Version of the generator: changing the output changes it, and the cache with it.
    static let version = 9

    /// A calibration target: the total of a flow for a territory, in euros.
    struct Target: Sendable {
        let exportsEUR: Int64
        let importsEUR: Int64
        func total(_ flow: TradeFlow) -> Int64 { flow == .exports ? exportsEUR : importsEUR }
    }

    /// Val-d'Oise, 2024 (published): 24 188,7 M€ exported, 25 441,3 M€ imported.
    static let valDOise = Target(exportsEUR: 24_188_700_000, importsEUR: 25_441_300_000)
    /// Île-de-France, 2024: 141 666,3 M€ and 192 202,9 M€.
    static let ileDeFrance = Target(exportsEUR: 141_666_300_000, importsEUR: 192_202_900_000)
    /// France (all départements, overseas and Monaco included), 2024: 580 354,5 M€ and 684 776,3 M€.
    static let france = Target(exportsEUR: 580_354_500_000, importsEUR: 684_776_300_000)

    static let demoDepartement = "95"
    static let demoRegion = "03"
    /// Lines per flow, roughly.
    static let linesPerFlow = 1_420_000

    /// The file names written for a flow of a year (the demo year by default).
    package static func fileName(_ flow: TradeFlow, year: Int = year) -> String {
        "Region_\(year)_\(flow == .exports ? "Export" : "Import").txt"
    }

    /// Name of the Territoires d'industrie file written beside the trade files.
    package static let territoriesFileName = "territoires_industrie_demo.csv"

    /// Writes the two trade files and the Territoires d'industrie file into `directory`
    /// (created if needed), each atomically.
    package static func write(to directory: URL) throws {
        try write(to: directory, linesPerFlow: linesPerFlow)
    }

    /// Writes a demo year of about `linesPerFlow` lines per flow (tests use small ones:
    /// the calibration does not depend on the number of lines).
    static func write(to directory: URL, linesPerFlow: Int) throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let geography = Geography(names: DisplayNames())
        let years = Array(pastYears) + [year]
        let outcomes = concurrentMap(TradeFlow.allCases.count) { i in
            Result {
                let flow = TradeFlow.allCases[i]
                let files = generateYears(flow: flow, geography: geography, linesPerFlow: linesPerFlow, years: years)
                for (y, bytes) in zip(years, files) {
                    try AtomicFile.write(bytes, to: directory.appendingPathComponent(fileName(flow, year: y)))
                }
            }
        }
        for outcome in outcomes { try outcome.get() }
        try AtomicFile.write(Data(DemoTerritories.csv().utf8), to: directory.appendingPathComponent(territoriesFileName))
    }

    /// The demo year in the cache folder, generated there the first time.
    /// The folder is `$FICHE_CACHE_DIR`, else `$XDG_CACHE_HOME/fiche`, else `~/.cache/fiche`.
    package static func cachedDirectory() throws -> URL {
        let directory = cacheRoot().appendingPathComponent("demo-\(year)-v\(version)")
        let marker = directory.appendingPathComponent(".complete")
        if FileManager.default.fileExists(atPath: marker.path) { return directory }
        // One process generates while the others wait (tests and bulk runs start together).
        try FileManager.default.createDirectory(at: cacheRoot(), withIntermediateDirectories: true)
        let lockPath = cacheRoot().appendingPathComponent("demo-\(year)-v\(version).lock").path
        let lock = open(lockPath, O_CREAT | O_RDWR, 0o644)
        if lock >= 0 { flock(lock, LOCK_EX) }
        defer { if lock >= 0 { flock(lock, LOCK_UN); close(lock) } }
        if !FileManager.default.fileExists(atPath: marker.path) {
            // Generate beside, then move into place, so an interrupted run never leaves a
            // half-written demo year.
            let staging = cacheRoot().appendingPathComponent("demo-\(year)-v\(version).tmp-\(ProcessInfo.processInfo.processIdentifier)")
            try? FileManager.default.removeItem(at: staging)
            try write(to: staging)
            try Data().write(to: staging.appendingPathComponent(".complete"))
            try? FileManager.default.removeItem(at: directory)
            try FileManager.default.moveItem(at: staging, to: directory)
        }
        return directory
    }

    static func cacheRoot() -> URL {
        let env = ProcessInfo.processInfo.environment
        if let dir = env["FICHE_CACHE_DIR"], !dir.isEmpty { return URL(fileURLWithPath: dir) }
        if let xdg = env["XDG_CACHE_HOME"], !xdg.isEmpty { return URL(fileURLWithPath: xdg).appendingPathComponent("fiche") }
        return FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".cache/fiche")
    }

    // MARK: - Generation

    /// The bytes of one flow's file of `year` (the demo year or one of `pastYears`).
    static func generate(flow: TradeFlow, geography: Geography, linesPerFlow: Int = linesPerFlow, year: Int = year) -> Data {
        generateYears(flow: flow, geography: geography, linesPerFlow: linesPerFlow, years: [year])[0]
    }

    /// The bytes of one flow's files of `years`, in that order: the demo year's rows are drawn
    /// once; a past year keeps them coarser (`pastRows`), each moved a little
    /// (±12 %), scaled to that year's total (`pastTargets`): its partners and activities weigh
    /// what they weigh in the demo year, with evolutions of a plausible size.
    static func generateYears(flow: TradeFlow, geography: Geography, linesPerFlow: Int, years: [Int]) -> [Data] {
        var rng = SplitMix64(seed: seed(flow))
        let current = departementTargets(flow: flow, geography: geography, rng: &rng)
        let rows = demoYearRows(flow: flow, geography: geography, targets: current, linesPerFlow: linesPerFlow, rng: &rng)
        return years.map { year in
            guard year != Self.year else { return encode(rows, flow: flow, geography: geography, year: year) }
            let targets = pastTargets(current, flow: flow, geography: geography, year: year)
            var noise = SplitMix64(seed: seed(flow) &+ UInt64(year) &* 0x9E37_79B9)
            let past = rows.enumerated().map { d, all -> [Row] in
                var kept = pastRows(all)
                for k in kept.indices { kept[k].weight = Double(kept[k].value) * exp(noise.nextGaussian() * 0.12) }
                scale(&kept, to: targets[d])
                return kept
            }
            return encode(past, flow: flow, geography: geography, year: year)
        }
    }

    /// Each département's rows of the demo year, scaled to its total.
    static func demoYearRows(flow: TradeFlow, geography: Geography, targets: [Int64], linesPerFlow: Int,
                             rng: inout SplitMix64) -> [[Row]] {
        let products = DemoNomenclature.productCodes
        let partners = DemoNomenclature.leadingPartners + DemoNomenclature.otherPartners
        let grandTotal = Double(france.total(flow))
        return geography.departements.enumerated().map { d, departement in
            // Lines in proportion to the square root of the size: big départements trade
            // more products with more partners, small ones still trade every quarter.
            let share = Double(targets[d]) / grandTotal
            let lines = max(400, Int(Double(linesPerFlow) * sqrt(share) / 8.6))
            let productWeights = zipfWeights(count: products.count, exponent: 1.25, rng: &rng,
                                             leaders: specialities(departement.code, flow: flow).compactMap { products.firstIndex(of: $0) },
                                             plausibility: products.map { plausibility(product: $0, departement: departement.code) })
            let partnerWeights = partnerZipf(count: partners.count, rng: &rng)
            var rows = drawRows(lines: lines, productWeights: productWeights, partnerWeights: partnerWeights, rng: &rng)
            scale(&rows, to: targets[d])
            return rows
        }
    }

    /// Whether these per-département totals (euros, by customs code) are exactly the demo
    /// generator's for both flows: the synthetic year recognised by its content, even when its
    /// files are given with `--data`. Real data cannot match every département to the euro.
    static func matchesTotals(departementCodes: [String], exports: [Int64], imports: [Int64]) -> Bool {
        let geography = Geography(names: DisplayNames())
        guard departementCodes.count == geography.departements.count else { return false }
        for (flow, given) in [(TradeFlow.exports, exports), (.imports, imports)] {
            var rng = SplitMix64(seed: seed(flow))
            let expected = departementTargets(flow: flow, geography: geography, rng: &rng)
            let byCode = Dictionary(uniqueKeysWithValues: zip(geography.departements.map(\.code), expected))
            for (code, value) in zip(departementCodes, given) where byCode[code] != value { return false }
        }
        return true
    }

    /// The generator's seed for a flow.
    static func seed(_ flow: TradeFlow) -> UInt64 { flow == .exports ? 0x5EED_E2024 : 0x5EED_12024 }

    /// One line to write: quarter, product, partner, value.
    struct Row { var quarter: Int; var product: Int; var partner: Int; var weight: Double; var value: Int64 }

    /// Each département's total, so that Val-d'Oise, the rest of Île-de-France and the
    /// rest of France add up exactly to the published figures.
    static func departementTargets(flow: TradeFlow, geography: Geography, rng: inout SplitMix64) -> [Int64] {
        let deps = geography.departements
        let weights = deps.map { dep -> Double in
            let size = exp(rng.nextGaussian() * 0.9)
            let small = dep.code == "99" || ["9A", "9B", "9C", "9D", "9E"].contains(dep.code)
            return size * (bigDepartements[dep.code] ?? 1) * (small ? 0.15 : 1)
        }
        var targets = [Int64](repeating: 0, count: deps.count)
        let vdo = deps.firstIndex { $0.code == demoDepartement }!
        targets[vdo] = valDOise.total(flow)
        let restOfRegion = deps.indices.filter { $0 != vdo && deps[$0].regionCode == demoRegion }
        let restOfFrance = deps.indices.filter { deps[$0].regionCode != demoRegion }
        split(ileDeFrance.total(flow) - valDOise.total(flow), over: restOfRegion, weights: weights, into: &targets)
        split(france.total(flow) - ileDeFrance.total(flow), over: restOfFrance, weights: weights, into: &targets)
        return targets
    }

    /// Splits an amount over indices in proportion to weights, exactly to the euro.
    static func split(_ amount: Int64, over indices: [Int], weights: [Double], into targets: inout [Int64]) {
        let sum = indices.reduce(0.0) { $0 + weights[$1] }
        var given: Int64 = 0
        for i in indices {
            targets[i] = Int64((Double(amount) * weights[i] / sum).rounded(.down))
            given += targets[i]
        }
        let largest = indices.max { targets[$0] < targets[$1] }!
        targets[largest] += amount - given
    }

    /// Relative sizes of the largest trading départements (ports, hubs, industry).
    static let bigDepartements: [String: Double] = [
        "13": 6, "31": 7, "59": 6, "69": 4.5, "76": 5, "75": 5, "92": 3, "67": 3.5, "33": 3,
        "38": 3, "44": 3, "57": 3, "94": 2, "93": 2, "77": 2, "78": 2.5, "91": 2, "62": 2.5,
        "68": 2.5, "01": 2, "74": 2, "60": 2, "45": 2, "35": 2, "63": 1.8, "25": 1.5,
    ]

    /// Products a département is known for, leading its ranking.
    static func specialities(_ code: String, flow: TradeFlow) -> [String] {
        switch (code, flow) {
        case ("95", .exports): return ["3030", "2120", "2042", "2611", "2899", "2651"]
        case ("95", .imports): return ["3030", "2120", "2620", "2630", "2042", "1413"]
        case ("31", _): return ["3030", "2651", "2120"]
        case ("13", .imports), ("76", .imports): return ["0610", "0620", "1920"]
        case ("13", .exports), ("76", .exports): return ["1920", "2014", "2016"]
        case ("75", .imports): return ["3511", "3521", "1413", "2042"]
        case ("75", .exports): return ["2042", "1413", "3212", "1512"]
        case ("33", _), ("51", _), ("21", _): return ["1102", "1101", "3030"]
        case ("78", _), ("92", _), ("28", _): return ["2910", "2932", "2120"]
        // A few industries a reader expects to see leading (demo only, not the real rankings).
        case ("90", .exports): return ["2811", "2711", "2910"]
        case ("25", .exports): return ["2910", "2652", "2932"]
        case ("63", .exports): return ["2211", "2120", "1051"]
        case ("74", .exports): return ["2562", "2573", "2651"]
        case ("69", .exports): return ["2120", "2014", "2016"]
        case ("38", .exports): return ["2611", "2651", "2712"]
        case ("67", .exports), ("68", .exports): return ["2910", "2120", "2811"]
        case ("59", .exports), ("57", .exports): return ["2910", "2410", "2932"]
        case ("62", .exports): return ["2313", "2910", "1051"]
        case ("44", .exports): return ["3030", "3011", "1051"]
        case ("64", .exports), ("65", .exports): return ["3030", "2120", "1013"]
        case ("29", .exports), ("56", .exports), ("22", .exports), ("35", .exports): return ["1013", "1051", "1089"]
        case ("14", .exports), ("50", .exports), ("61", .exports): return ["1051", "1011", "2120"]
        case ("48", .exports), ("15", .exports), ("12", .exports): return ["1051", "1013", "1610"]
        default: return []
        }
    }

    /// Zipf weights over a random order drawn in proportion to `plausibility` (a product of
    /// weight 0 is never traded), with the given leaders first.
    static func zipfWeights(count: Int, exponent: Double, rng: inout SplitMix64, leaders: [Int],
                            plausibility: [Double]? = nil) -> [Double] {
        // Weighted random order (Efraimidis–Spirakis): sort by -log(u) / w.
        let keys = (0..<count).map { i -> Double in
            let u = max(rng.nextDouble(), 1e-300)
            let w = plausibility?[i] ?? 1
            return w > 0 ? -log(u) / w : .infinity
        }
        var order = Array(0..<count).sorted { keys[$0] != keys[$1] ? keys[$0] < keys[$1] : $0 < $1 }
        order.removeAll { leaders.contains($0) }
        order = leaders + order
        var weights = [Double](repeating: 0, count: count)
        for (rank, index) in order.enumerated() where keys[index].isFinite || leaders.contains(index) {
            weights[index] = 1 / pow(Double(rank + 1), exponent)
        }
        return weights
    }

    /// Départements with a sea coast (fishing, seafood, shipbuilding only there).
    static let coastal: Set<String> = [
        "06", "11", "13", "14", "17", "20", "22", "29", "30", "33", "34", "35", "40", "44", "50", "56", "59", "62",
        "64", "66", "76", "80", "83", "85", "99", "9A", "9B", "9C", "9D", "9E",
    ]
    /// Départements with a refinery, an oil port or an oil terminal.
    static let oilHubs: Set<String> = ["13", "76", "44", "59", "33", "69", "67", "9A", "9B", "9C", "9D", "9E", "20"]

    /// How plausible a product is among a département's large trade items: big industrial goods
    /// weigh more; sea products only on a coast; crude oil and refined products at oil hubs; few
    /// raw-material goods elsewhere. Screenshots of demo fiches must not show landlocked Lozère
    /// exporting fish first, nor agriculture leading France.
    static func plausibility(product: String, departement: String) -> Double {
        let division = Int(product.prefix(2)) ?? 0, group = Int(product.prefix(3)) ?? 0
        let coast = coastal.contains(departement), oil = oilHubs.contains(departement)
        switch division {
        case 3: return coast ? 0.8 : 0
        case 10 where group == 102: return coast ? 1 : 0
        case 30 where group == 301: return coast ? 1 : 0
        case 6, 19: return oil ? 2 : 0.03
        case 5, 7: return 0.05
        case 1: return 0.3
        case 2, 8: return 0.3
        case 29, 21: return 2.5
        case 30: return 1.5
        case 20, 28: return 2
        case 10, 11, 24, 25, 26, 27: return 1.4
        case 22, 23, 17, 32: return 1
        case 35: return 0.3
        case 58, 59, 71, 74, 90, 91, 96, 37, 38: return 0.2
        default: return 0.7
        }
    }

    /// Zipf weights over France's usual partner order, lightly perturbed per département.
    static func partnerZipf(count: Int, rng: inout SplitMix64) -> [Double] {
        (0..<count).map { rank in exp(rng.nextGaussian() * 0.45) / pow(Double(rank + 1), 1.15) }
    }

    /// Draws distinct (quarter, product, partner) rows with heavy-tailed weights.
    static func drawRows(lines: Int, productWeights: [Double], partnerWeights: [Double], rng: inout SplitMix64) -> [Row] {
        let productCDF = cumulative(productWeights), partnerCDF = cumulative(partnerWeights)
        var pairs = Set<Int>()
        var rows: [Row] = []
        rows.reserveCapacity(lines)
        let pairsWanted = lines / 4 + 1
        var attempts = 0
        // Each (product, partner) pair is a trade relationship, present in most quarters.
        while pairs.count < pairsWanted && attempts < pairsWanted * 6 {
            attempts += 1
            let product = sample(productCDF, rng: &rng), partner = sample(partnerCDF, rng: &rng)
            guard pairs.insert(product * 1000 + partner).inserted else { continue }
            let base = productWeights[product] * partnerWeights[partner] * exp(rng.nextGaussian() * 1.1)
            for quarter in 1...4 where quarter == 1 || rng.nextDouble() < 0.93 {
                rows.append(Row(quarter: quarter, product: product, partner: partner,
                                weight: base * (0.8 + 0.4 * rng.nextDouble()), value: 0))
            }
        }
        // Every quarter must be present: the first pair always trades in all four.
        for quarter in 2...4 where !rows.contains(where: { $0.quarter == quarter }) {
            rows.append(Row(quarter: quarter, product: rows[0].product, partner: rows[0].partner, weight: rows[0].weight, value: 0))
        }
        rows.sort { ($0.quarter, $0.product, $0.partner) < ($1.quarter, $1.product, $1.partner) }
        return rows
    }

    /// Turns weights into integer euros summing exactly to the target (each line ≥ 1 €).
    static func scale(_ rows: inout [Row], to target: Int64) {
        let sum = rows.reduce(0.0) { $0 + $1.weight }
        var given: Int64 = 0
        var largest = 0
        for i in rows.indices {
            rows[i].value = max(1, Int64((Double(target) * rows[i].weight / sum).rounded(.down)))
            given += rows[i].value
            if rows[i].value > rows[largest].value { largest = i }
        }
        rows[largest].value += target - given
    }

    static func cumulative(_ weights: [Double]) -> [Double] {
        var total = 0.0
        return weights.map { total += $0; return total }
    }

    static func sample(_ cdf: [Double], rng: inout SplitMix64) -> Int {
        let x = rng.nextDouble() * cdf[cdf.count - 1]
        var lo = 0, hi = cdf.count - 1
        while lo < hi {
            let mid = (lo + hi) / 2
            if cdf[mid] < x { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }
}

/// A small, fast, deterministic random generator (SplitMix64's mixing, with the demo year's
/// own second constant, kept so that the demo year stays the same): the same sequence on
/// every machine. Also drives the fuzz and kill tests and the mail benchmark.
package struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64
    package init(seed: UInt64) { state = seed }

    package mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    package mutating func nextDouble() -> Double { Double(next() >> 11) / Double(1 << 53) }

    /// Standard normal (Box–Muller).
    mutating func nextGaussian() -> Double {
        let u = max(nextDouble(), 1e-300), v = nextDouble()
        return sqrt(-2 * log(u)) * cos(2 * .pi * v)
    }
}
