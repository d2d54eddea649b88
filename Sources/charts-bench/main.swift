// charts-bench: prints the time to lay out and draw the 8 charts of one département into a PDF.
// Run: swift run -c release charts-bench [iterations] [output.pdf]
import Fiche
import Foundation

let arguments = CommandLine.arguments.dropFirst()
let iterations = arguments.first.flatMap(Int.init) ?? 30
let output = arguments.dropFirst().first
do {
    let result = try ChartsBenchmark.run(iterations: iterations, outputPath: output)
    print(result.summary)
} catch {
    FileHandle.standardError.write(Data("charts-bench: \(error)\n".utf8))
    exit(1)
}
