/// The line boxes of a paragraph, relative to its top: all the paginator needs to split it.
struct LineBoxes: Equatable, Sendable {
    /// Top of each line box.
    var tops: [Double]
    /// Height of each line box (line spacing included).
    var heights: [Double]

    /// Lines whose tops and heights are given, top to bottom.
    init(tops: [Double], heights: [Double]) {
        precondition(tops.count == heights.count, "one height per line")
        self.tops = tops
        self.heights = heights
    }

    /// Lines of `count` boxes of `height` each, one under the other (for tests and estimates).
    init(count: Int, height: Double) {
        self.init(tops: (0..<count).map { Double($0) * height }, heights: Array(repeating: height, count: count))
    }

    /// Number of lines.
    var count: Int { tops.count }

    /// Height of lines `range`, from the top of the first to the bottom of the last (as
    /// `ParagraphLayout.height(of:)` measures it).
    func height(of range: Range<Int>) -> Double {
        guard let first = range.first, let last = range.last else { return 0 }
        return tops[last] + heights[last] - tops[first]
    }
}

/// What the paginator knows of one block of a page: its measured height and how it flows.
struct FlowBlock: Equatable, Sendable {
    /// The block's height; for a flexible block, a first guess that `Paginator` replaces.
    var height: Double
    /// The space above the block, except at the top of a page.
    var spaceBefore: Double
    /// Whether the block must sit on the same page as the start of the next one (a heading with
    /// what follows it, a chart with its reading key).
    var keepWithNext = false
    /// The bounds of a block that shares with the other flexible blocks of its page the height the
    /// fixed blocks leave (the charts).
    var flexible: ClosedRange<Double>?
    /// Height the block takes on the page beyond `height`: a Sankey's column headings
    /// (`ChartBlock.sankeyHeadingHeight`), which come out of the flexible share like a fixed height.
    var extraHeight = 0.0
    /// The lines of a paragraph that may be split across two pages; nil for an unbreakable block.
    var lines: LineBoxes?
    /// `@bas`: the blocks after this one sit at the bottom of the page (this one takes no room).
    var pinsRestToBottom = false

    /// The room the block takes on its page.
    var fullHeight: Double { height + extraHeight }

    /// Lines of a paragraph long enough to split with two lines on each page.
    var splittableLines: LineBoxes? {
        guard let lines, lines.count >= 4 else { return nil }
        return lines
    }
}

/// Flows measured blocks onto pages, between a top and a bottom, and says where each one sits.
///
/// Rules: a heading keeps with the start of what follows it, a chart with its reading key; a
/// paragraph split across pages leaves at least two lines on each page (no widow, no orphan);
/// flexible blocks (charts) share the height their page leaves, within their bounds; the blocks
/// after a `pinsRestToBottom` block sit at the bottom of the page.
struct Paginator: Sendable {
    /// Where a block, or the part of a split paragraph, sits on its page.
    struct Frame: Equatable, Sendable {
        /// Index of the block in the paginated blocks.
        var block: Int
        /// Top of the block on the page.
        var y: Double
        /// Height of the block (flexible ones resolved).
        var height: Double
        /// For a split paragraph, the lines on this page; nil when the block sits whole.
        var lines: Range<Int>?
    }

    /// Top of the content on every page.
    var top: Double
    /// Bottom of the content on every page.
    var bottom: Double

    /// The pages `blocks` fill, each the frames of what sits on it, flexible heights resolved first.
    func paginate(_ blocks: [FlowBlock]) -> [[Frame]] {
        flow(Self.resolvingFlexibleHeights(blocks, available: bottom - top))
    }

    /// `blocks` with the flexible ones sized: each takes an equal share of what the others leave
    /// of `available`, within its bounds; what a capped block leaves goes to the uncapped ones.
    static func resolvingFlexibleHeights(_ blocks: [FlowBlock], available: Double) -> [FlowBlock] {
        let flexibleIndices = blocks.indices.filter { blocks[$0].flexible != nil }
        guard !flexibleIndices.isEmpty else { return blocks }
        // Sums in this order: the bytes of the fiche depend on the exact heights.
        var fixed = 0.0
        for (k, block) in blocks.enumerated() {
            fixed += (k == 0 ? 0 : block.spaceBefore)
            if block.flexible == nil { fixed += block.fullHeight }
        }
        for k in flexibleIndices { fixed += blocks[k].extraHeight }
        let free = available - fixed
        let share = free / Double(flexibleIndices.count)
        var out = blocks
        for k in flexibleIndices {
            let bounds = blocks[k].flexible ?? share...share
            out[k].height = min(max(share, bounds.lowerBound), bounds.upperBound)
        }
        let used = flexibleIndices.reduce(0) { $0 + out[$1].height }
        let uncapped = flexibleIndices.filter { k in out[k].flexible.map { out[k].height < $0.upperBound } ?? false }
        if used < free, !uncapped.isEmpty {
            let extra = (free - used) / Double(uncapped.count)
            for k in uncapped {
                out[k].height = min(out[k].height + extra, out[k].flexible?.upperBound ?? out[k].height)
            }
        }
        return out
    }

    /// The pages `blocks` fill, their heights taken as they are.
    func flow(_ blocks: [FlowBlock]) -> [[Frame]] {
        var pages = PageStack(top: top)
        for (i, block) in blocks.enumerated() {
            if block.pinsRestToBottom {
                let rest = blocks[(i + 1)...].reduce(0.0) { $0 + ($1.fullHeight + $1.spaceBefore) }
                pages.y = max(pages.y, bottom - rest)
                if pages.y + rest > bottom { pages.newPage() }
                continue
            }
            var gap = pages.currentIsEmpty ? 0 : block.spaceBefore
            if !pages.currentIsEmpty, pages.y + gap + minimumStart(blocks, i) > bottom {
                pages.newPage()
                gap = 0
            }
            if let lines = block.splittableLines, pages.y + gap + block.height > bottom {
                pages.y += gap
                split(block: i, lines: lines, into: &pages)
                continue
            }
            pages.y += gap
            pages.place(Frame(block: i, y: pages.y, height: block.height, lines: nil))
            pages.y += block.fullHeight
        }
        return pages.pages
    }

    /// The least height that must fit on a page to start `blocks[i]`: a block kept with the next
    /// with the start of that one, a splittable paragraph with its first two lines, the rest whole.
    func minimumStart(_ blocks: [FlowBlock], _ i: Int) -> Double {
        let block = blocks[i]
        if block.keepWithNext, i + 1 < blocks.count, !blocks[i + 1].pinsRestToBottom {
            return block.fullHeight + blocks[i + 1].spaceBefore + minimumStart(blocks, i + 1)
        }
        if let lines = block.splittableLines { return lines.height(of: 0..<2) }
        return block.fullHeight
    }

    /// Places a paragraph's lines from `pages.y`: as many as fit on each page, never fewer than
    /// two on a page, never one or two left alone at the top of the next.
    func split(block: Int, lines: LineBoxes, into pages: inout PageStack) {
        var start = 0
        while start < lines.count {
            var end = start
            while end < lines.count, pages.y + lines.height(of: start..<(end + 1)) <= bottom { end += 1 }
            if end == lines.count {
                pages.place(Frame(block: block, y: pages.y, height: lines.height(of: start..<end), lines: start..<end))
                pages.y += lines.height(of: start..<end)
                return
            }
            end = min(end, lines.count - 2)
            if end - start >= 2 {
                pages.place(Frame(block: block, y: pages.y, height: lines.height(of: start..<end), lines: start..<end))
                start = end
            }
            pages.newPage()
        }
    }

    /// The pages being filled and the height reached on the last one.
    struct PageStack {
        let top: Double
        private(set) var pages: [[Frame]] = [[]]
        var y: Double

        init(top: Double) {
            self.top = top
            y = top
        }

        var currentIsEmpty: Bool { pages[pages.count - 1].isEmpty }

        mutating func place(_ frame: Frame) { pages[pages.count - 1].append(frame) }

        mutating func newPage() {
            pages.append([])
            y = top
        }
    }
}
