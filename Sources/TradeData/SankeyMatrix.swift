/// An 11 × 11 matrix of product slots × country slots turned into a Sankey table.
struct SankeyMatrix {
    /// Top products, in rank order (slot = position); slot 10 is "Autres".
    let rows: [NamedValue]
    let columns: [NamedValue]
    /// 121 cells, row-major (product slot × 11 + country slot).
    let cells: [Int64]
    let total: Int64

    func table(rowsOnLeft: Bool) -> SankeyTable {
        var rowSums = [Int64](repeating: 0, count: 11), columnSums = [Int64](repeating: 0, count: 11)
        for r in 0..<11 {
            for col in 0..<11 {
                rowSums[r] += cells[r * 11 + col]
                columnSums[col] += cells[r * 11 + col]
            }
        }
        let rowNodes = nodes(rows, sums: rowSums)
        let columnNodes = nodes(columns, sums: columnSums)
        // The five largest flows between named nodes, ties by codes.
        var candidates: [(r: Int, c: Int, v: Int64)] = []
        for r in 0..<rows.count { for c in 0..<columns.count where cells[r * 11 + c] > 0 { candidates.append((r, c, cells[r * 11 + c])) } }
        let leftCode = { (r: Int, c: Int) in rowsOnLeft ? rows[r].code : columns[c].code }
        let rightCode = { (r: Int, c: Int) in rowsOnLeft ? columns[c].code : rows[r].code }
        candidates.sort {
            if $0.v != $1.v { return $0.v > $1.v }
            let a = (leftCode($0.r, $0.c), rightCode($0.r, $0.c)), b = (leftCode($1.r, $1.c), rightCode($1.r, $1.c))
            return a < b
        }
        let highlighted = Set(candidates.prefix(TradeAggregates.highlightCount).map { $0.r * 11 + $0.c })
        var flows: [SankeyFlow] = []
        let rowSlots = Array(0..<rows.count) + [10], columnSlots = Array(0..<columns.count) + [10]
        let code = { (nodes: [NamedValue], slot: Int) in slot == 10 ? NamedValue.othersCode : nodes[slot].code }
        let (outer, inner) = rowsOnLeft ? (rowSlots, columnSlots) : (columnSlots, rowSlots)
        for a in outer {
            for b in inner {
                let (r, c) = rowsOnLeft ? (a, b) : (b, a)
                let value = cells[r * 11 + c]
                guard value > 0 else { continue }
                flows.append(SankeyFlow(from: rowsOnLeft ? code(rows, r) : code(columns, c),
                                        to: rowsOnLeft ? code(columns, c) : code(rows, r),
                                        valueEUR: value, highlight: highlighted.contains(r * 11 + c)))
            }
        }
        return rowsOnLeft
            ? SankeyTable(left: rowNodes, right: columnNodes, flows: flows)
            : SankeyTable(left: columnNodes, right: rowNodes, flows: flows)
    }

    /// The named nodes, then "Autres" when it holds anything.
    private func nodes(_ named: [NamedValue], sums: [Int64]) -> [NamedValue] {
        var result = named
        if sums[10] > 0 {
            result.append(NamedValue(code: NamedValue.othersCode, name: NamedValue.othersName, valueEUR: sums[10]))
        }
        return result
    }
}
