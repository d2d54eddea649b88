/// Squarified treemap (Bruls, Huizing & van Wijk, 2000) with the row rule of d3's
/// `treemapSquarify`: items in decreasing order are added to the current row while the worst
/// aspect ratio (relative to the target `ratio`) improves; a row is laid along the shorter side.
enum Squarify {
    /// Rectangles for `values` (in order) filling `rect`, areas proportional to the values.
    static func tiles(_ values: [Double], in rect: ChartRect, ratio: Double) -> [ChartRect] {
        var out = [ChartRect](repeating: ChartRect(x: rect.x, y: rect.y, width: 0, height: 0), count: values.count)
        var x0 = rect.x, y0 = rect.y
        let x1 = rect.maxX, y1 = rect.maxY
        var remaining = values.reduce(0, +)
        let n = values.count
        var i0 = 0
        while i0 < n {
            let dx = x1 - x0, dy = y1 - y0
            var i1 = i0
            var sum = 0.0
            repeat { sum = values[i1]; i1 += 1 } while sum == 0 && i1 < n
            var minV = sum, maxV = sum
            let alpha = max(dy / dx, dx / dy) / (remaining * ratio)
            var beta = sum * sum * alpha
            var minRatio = max(maxV / beta, beta / minV)
            while i1 < n {
                let v = values[i1]
                let newSum = sum + v
                let newMin = min(minV, v), newMax = max(maxV, v)
                beta = newSum * newSum * alpha
                let newRatio = max(newMax / beta, beta / newMin)
                if newRatio > minRatio { break }
                sum = newSum; minV = newMin; maxV = newMax; minRatio = newRatio
                i1 += 1
            }
            let share = remaining > 0 ? sum / remaining : 1
            if dx < dy {
                // Row across the width, at the top ("dice").
                let h = i1 == n ? y1 - y0 : dy * share
                var x = x0
                for i in i0..<i1 {
                    let w = i == i1 - 1 ? x1 - x : (sum > 0 ? dx * values[i] / sum : 0)
                    out[i] = ChartRect(x: x, y: y0, width: w, height: h)
                    x += w
                }
                y0 += h
            } else {
                // Column down the height, at the left ("slice").
                let w = i1 == n ? x1 - x0 : dx * share
                var y = y0
                for i in i0..<i1 {
                    let h = i == i1 - 1 ? y1 - y : (sum > 0 ? dy * values[i] / sum : 0)
                    out[i] = ChartRect(x: x0, y: y, width: w, height: h)
                    y += h
                }
                x0 += w
            }
            remaining -= sum
            i0 = i1
        }
        return out
    }
}
