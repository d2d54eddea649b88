// The two passes of an aggregation over the rows of one flow (see `TradeAggregates`).
//
// Each pass works chunk by chunk in the chunk's own code indices (its products and countries as
// the parser interned them), so that a row costs no look-up of its codes' global indices: the
// sums of pass 1 are moved to global indices once per chunk, and pass 2's slot tables are
// translated to the chunk's indices once per chunk.

/// One chunk's rows of the year and flow, as raw columns, with its codes' global indices.
/// Valid only inside `AggregationFrame.forEachChunk`'s body.
struct ChunkRows {
    let departements: UnsafeBufferPointer<UInt8>
    let products: UnsafeBufferPointer<UInt16>
    let countries: UnsafeBufferPointer<UInt16>
    let values: UnsafeBufferPointer<Int64>
    let years: UnsafeBufferPointer<UInt16>
    let flows: UnsafeBufferPointer<UInt8>
    /// The global index of each of the chunk's product (or activity) and country codes.
    let productMap: [Int32]
    let countryMap: [Int32]
    let year: UInt16
    let flow: UInt8
    /// Whether every row is of the year and flow (a customs file holds one flow, usually one
    /// year): no column is then read to filter them.
    let whole: Bool

    /// Calls `body(département, product, country, value)` for each row of the year and flow,
    /// codes as the chunk's own indices.
    @inline(__always) func forEach(_ body: (Int, Int, Int, Int64) -> Void) {
        if whole {
            for i in 0..<values.count { body(Int(departements[i]), Int(products[i]), Int(countries[i]), values[i]) }
        } else {
            for i in 0..<values.count where years[i] == year && flows[i] == flow {
                body(Int(departements[i]), Int(products[i]), Int(countries[i]), values[i])
            }
        }
    }
}

extension AggregationFrame {
    /// Calls `body` with the rows of each chunk holding some of the year and flow.
    func forEachChunk(of flow: UInt8, _ body: (ChunkRows) -> Void) {
        let wanted = UInt16(clamping: year)
        for (k, chunk) in dataset.chunks.enumerated() where chunk.holds(year: year, flow: flow) {
            func buffer<T>(_ column: Column<T>) -> UnsafeBufferPointer<T> { UnsafeBufferPointer(start: column.storage, count: column.count) }
            let whole = chunk.coveredPeriods().allSatisfy { $0 >> 16 == UInt32(wanted) && ($0 >> 8) & 0xFF == UInt32(flow) }
            withExtendedLifetime(chunk) {
                body(ChunkRows(departements: buffer(chunk.departement), products: buffer(level == .a129 ? chunk.activity : chunk.product),
                               countries: buffer(chunk.country), values: buffer(chunk.value), years: buffer(chunk.year),
                               flows: buffer(chunk.flow), productMap: productRemap[k], countryMap: countryRemap[k],
                               year: wanted, flow: flow, whole: whole))
            }
        }
    }

    /// Pass 1: the sums per département × product and × country, in global indices, in arrays of
    /// `territoryCount` rows (the regions' and France's rows left at zero).
    func departementSums(of flow: UInt8) -> (products: [Int64], countries: [Int64]) {
        let p = productCodes.count, c = countryCodes.count, d = regionOf.count
        var productSums = [Int64](repeating: 0, count: territoryCount * p)
        var countrySums = [Int64](repeating: 0, count: territoryCount * c)
        forEachChunk(of: flow) { rows in
            let pl = rows.productMap.count, cl = rows.countryMap.count
            var products = [Int64](repeating: 0, count: d * pl), countries = [Int64](repeating: 0, count: d * cl)
            products.withUnsafeMutableBufferPointer { ps in
                countries.withUnsafeMutableBufferPointer { cs in
                    // Rows come sorted by département and product: a run of them adds up in a
                    // register and reaches memory once (no chain of additions to one cell).
                    var run = -1, runSum: Int64 = 0
                    rows.forEach { dep, product, country, value in
                        let cell = dep &* pl &+ product
                        if cell != run {
                            if run >= 0 { ps[run] += runSum }
                            run = cell
                            runSum = 0
                        }
                        runSum += value
                        cs[dep &* cl &+ country] += value
                    }
                    if run >= 0 { ps[run] += runSum }
                }
            }
            // The chunk's sums moved to global indices: local code j is global code map[j].
            for dep in 0..<d {
                for j in 0..<pl {
                    let global = Int(rows.productMap[j])
                    productSums[dep * p + global] += products[dep * pl + j]
                }
                for j in 0..<cl {
                    let global = Int(rows.countryMap[j])
                    countrySums[dep * c + global] += countries[dep * cl + j]
                }
            }
        }
        return (productSums, countrySums)
    }

    /// Pass 2: each territory's 11 × 11 matrix (product slot × country slot; slots 0…9 the top
    /// tens, 10 "Autres"), from the slots of every product and country per territory.
    func matrices(of flow: UInt8, productSlot: [UInt8], countrySlot: [UInt8]) -> [Int64] {
        let p = productCodes.count, c = countryCodes.count, t = territoryCount, france = franceIndex
        var matrices = [Int64](repeating: 0, count: t * 121)
        forEachChunk(of: flow) { rows in
            // The slot tables in the chunk's own indices.
            let pl = rows.productMap.count, cl = rows.countryMap.count
            var pSlots = [UInt8](repeating: 10, count: t * pl), cSlots = [UInt8](repeating: 10, count: t * cl)
            for territory in 0..<t {
                for j in 0..<pl { pSlots[territory * pl + j] = productSlot[territory * p + Int(rows.productMap[j])] }
                for j in 0..<cl { cSlots[territory * cl + j] = countrySlot[territory * c + Int(rows.countryMap[j])] }
            }
            matrices.withUnsafeMutableBufferPointer { m in
                pSlots.withUnsafeBufferPointer { pSlot in
                    cSlots.withUnsafeBufferPointer { cSlot in
                        regionOf.withUnsafeBufferPointer { regions in
                            // The same row counts for the département, its region and France. Each
                            // one's matrix row (its slot of the product) is found once per run of
                            // rows of one département and product; a row only looks up its country's.
                            var run = -1, region = -1
                            var depRow = 0, regionRow = 0, franceRow = 0
                            rows.forEach { dep, product, country, value in
                                if dep &* pl &+ product != run {
                                    run = dep &* pl &+ product
                                    region = regions[dep]
                                    depRow = dep &* 121 &+ Int(pSlot[run]) &* 11
                                    franceRow = france &* 121 &+ Int(pSlot[france &* pl &+ product]) &* 11
                                    regionRow = region >= 0 ? region &* 121 &+ Int(pSlot[region &* pl &+ product]) &* 11 : 0
                                }
                                m[depRow &+ Int(cSlot[dep &* cl &+ country])] += value
                                if region >= 0 { m[regionRow &+ Int(cSlot[region &* cl &+ country])] += value }
                                m[franceRow &+ Int(cSlot[france &* cl &+ country])] += value
                            }
                        }
                    }
                }
            }
        }
        return matrices
    }
}
