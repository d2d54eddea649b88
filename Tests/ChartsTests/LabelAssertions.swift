import Testing
@testable import Charts

/// Checks the rule every chart keeps: labels lie inside the chart frame and no two overlap.
func expectLabelsSound(_ labels: [LabelBox], in frame: ChartRect, sourceLocation: SourceLocation = #_sourceLocation) {
    for l in labels {
        #expect(frame.contains(l.rect, tolerance: 1e-6), "label «\(l.text)» \(l.rect) leaves frame \(frame)", sourceLocation: sourceLocation)
        #expect(l.rect.width > 0 && l.rect.height > 0, "label «\(l.text)» is empty", sourceLocation: sourceLocation)
    }
    for i in labels.indices {
        for j in labels.indices where j > i {
            #expect(!labels[i].rect.overlaps(labels[j].rect, tolerance: 1e-6),
                    "labels «\(labels[i].text)» and «\(labels[j].text)» overlap", sourceLocation: sourceLocation)
        }
    }
}

func relativeError(_ a: Double, _ b: Double) -> Double {
    abs(a - b) / max(abs(a), abs(b), 1e-12)
}
