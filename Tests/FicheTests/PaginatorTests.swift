import Testing
@testable import Fiche

/// The page flow rules, on plain heights (no fonts, no cairo): pages 100 high unless said.
@Suite struct PaginatorTests {
    let paginator = Paginator(top: 0, bottom: 100)

    static func block(_ height: Double, space: Double = 0, keepWithNext: Bool = false) -> FlowBlock {
        FlowBlock(height: height, spaceBefore: space, keepWithNext: keepWithNext)
    }

    static func paragraph(lines: Int, lineHeight: Double = 10, space: Double = 0) -> FlowBlock {
        var block = FlowBlock(height: Double(lines) * lineHeight, spaceBefore: space)
        block.lines = LineBoxes(count: lines, height: lineHeight)
        return block
    }

    @Test func blocksFollowOneAnotherWithTheirSpaceExceptAtTheTopOfAPage() {
        let pages = paginator.flow([Self.block(30, space: 8), Self.block(20, space: 5), Self.block(60, space: 4)])
        #expect(pages.map { $0.map(\.y) } == [[0, 35], [0]])
    }

    @Test func aHeadingGoesToTheNextPageWithTheStartOfWhatFollowsIt() {
        let pages = paginator.flow([Self.block(80), Self.block(10, keepWithNext: true), Self.block(20)])
        #expect(pages.map { $0.map(\.block) } == [[0], [1, 2]])
        #expect(pages[1].map(\.y) == [0, 10])
    }

    @Test func aHeadingBeforeASplittableParagraphNeedsOnlyItsFirstTwoLinesBelow() {
        let pages = paginator.flow([Self.block(60), Self.block(10, keepWithNext: true), Self.paragraph(lines: 6)])
        #expect(pages.map { $0.map(\.block) } == [[0, 1, 2], [2]])
        #expect(pages.map { $0.compactMap(\.lines) } == [[0..<3], [3..<6]])
    }

    @Test func aSplitParagraphLeavesAtLeastTwoLinesOnEachPage() {
        // Five of the six lines would fit under the first block: four stay, two go over.
        let pages = paginator.flow([Self.block(50), Self.paragraph(lines: 6)])
        #expect(pages.map { $0.compactMap(\.lines) } == [[0..<4], [4..<6]])
        #expect(pages[1][0].y == 0)
    }

    @Test func aParagraphWhoseFirstTwoLinesDoNotFitStartsOnTheNextPage() {
        let pages = paginator.flow([Self.block(85), Self.paragraph(lines: 6)])
        #expect(pages.map { $0.map(\.block) } == [[0], [1]])
        #expect(pages[1][0].lines == nil && pages[1][0].y == 0)
    }

    @Test func aShortParagraphIsNeverSplit() {
        let pages = paginator.flow([Self.block(75), Self.paragraph(lines: 3)])
        #expect(pages.map { $0.map(\.block) } == [[0], [1]])
    }

    @Test func flexibleBlocksShareTheRoomTheOthersLeaveWithinTheirBounds() {
        var small = Self.block(0), large = Self.block(0)
        small.flexible = 50...150
        large.flexible = 50...400
        let resolved = Paginator.resolvingFlexibleHeights([Self.block(100), small, large], available: 500)
        // 400 left: 200 each, the small one capped at 150 and its 50 given to the large one.
        #expect(resolved.map(\.height) == [100, 150, 250])
    }

    @Test func flexibleBlocksKeepTheirLeastHeightWhenThePageIsFull() {
        var chart = Self.block(0, space: 10)
        chart.flexible = 180...230
        let resolved = Paginator.resolvingFlexibleHeights([Self.block(400), chart], available: 500)
        #expect(resolved[1].height == 180)
    }

    @Test func theExtraHeightOfABlockComesOutOfTheFlexibleShare() {
        var sankey = Self.block(0)
        sankey.flexible = 100...500
        sankey.extraHeight = 12
        let resolved = Paginator.resolvingFlexibleHeights([Self.block(100), sankey], available: 400)
        #expect(resolved[1].height == 288)
        #expect(resolved[1].fullHeight == 300)
    }

    @Test func blocksAfterTheBottomMarkerSitAtTheBottomOfThePage() {
        var bottom = Self.block(0)
        bottom.pinsRestToBottom = true
        let pages = paginator.flow([Self.block(20), bottom, Self.block(30, space: 5)])
        #expect(pages.count == 1)
        #expect(pages[0].map(\.y) == [0, 70])
        #expect(pages[0].map(\.block) == [0, 2])
    }

    @Test func blocksAfterTheBottomMarkerThatDoNotFitGoToTheNextPage() {
        var bottom = Self.block(0)
        bottom.pinsRestToBottom = true
        let pages = paginator.flow([Self.block(90), bottom, Self.block(30)])
        #expect(pages.map { $0.map(\.block) } == [[0], [2]])
    }

    @Test func paginateSizesTheFlexibleBlocksToTheRoomBetweenTopAndBottom() {
        var chart = Self.block(0, space: 10)
        chart.flexible = 10...1000
        let pages = Paginator(top: 20, bottom: 120).paginate([Self.block(40), chart])
        #expect(pages.map { $0.map(\.height) } == [[40, 50]])
        #expect(pages[0].map(\.y) == [20, 70])
    }
}
