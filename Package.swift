// swift-tools-version:6.1
// The "Territoires d'industrie" foreign-trade fiches: customs data in, print-ready PDF out.
import PackageDescription

let package = Package(
    name: "fiche",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "fiche", targets: ["fiche"]),
        .executable(name: "fiche-bench", targets: ["fiche-bench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        // `fiche serve` only. No traits: swift-configuration (ConfigurationSupport) is not built.
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1", traits: []),
        // Already built for Hummingbird; named because FicheServer uses their types directly.
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0", traits: []),
    ],
    targets: [
        // Debian's libcrypto (OpenSSL 3), for SHA-256 only.
        .systemLibrary(name: "CCrypto", pkgConfig: "libcrypto", providers: [.apt(["libssl-dev"])]),
        // SHA-256 of files and values (manifests, input fingerprints, MIME boundaries).
        .target(name: "Checksums", dependencies: ["CCrypto"]),
        // The one CSV reader and writer (RFC 4180, `;` or `,`, quoted fields, CRLF, BOM).
        // Optimised even in debug builds, like TradeData: every end-to-end test reads tables with it.
        .target(name: "CSV", swiftSettings: [.unsafeFlags(["-O"])]),
        // French number formatting (decimal comma, narrow no-break spaces) for charts, fiche and mail.
        .target(name: "FrenchNumbers"),
        // The one definition of manifest.json / manifest.csv, shared by bulk export and mail.
        .target(name: "Manifest", dependencies: ["CSV"]),
        // The project's own folders (assets/, fonts/) found at run time; fiche file names; atomic writes.
        .target(name: "ProjectFiles"),
        // Customs file reader, reference tables, display names, aggregation, demo year.
        .target(
            name: "TradeData",
            dependencies: ["CSV", "Checksums", "ProjectFiles", .product(name: "ZIPFoundation", package: "ZIPFoundation")],
            // Optimised even in debug builds: unoptimised, reading the demo year takes 9 s
            // instead of 0.2, and every end-to-end test reads it.
            swiftSettings: [.unsafeFlags(["-O"])]
        ),
        // libcurl's headers, for SMTP delivery (Debian's libcurl4-openssl-dev). Not linked: the
        // library is opened when the first mail is sent (see Sources/CCurl/shim.h).
        .systemLibrary(
            name: "CCurl",
            providers: [.apt(["libcurl4-openssl-dev"])]
        ),
        // SQLite 3 (Debian's libsqlite3-dev), for the send journal.
        .systemLibrary(name: "CSQLite", pkgConfig: "sqlite3", providers: [.apt(["libsqlite3-dev"])]),
        // E-mailing fiches: recipients, MIME messages, SMTP delivery through libcurl, send journal.
        .target(
            name: "Mailing",
            dependencies: [
                "CCurl",
                "ProjectFiles",
                "FrenchNumbers",
                "Manifest",
                "CSQLite",
                .product(name: "Mustache", package: "swift-mustache"),
                "Checksums",
                "CSV",
            ]
        ),
        // C headers of cairo (+ PDF surface), pango/pangocairo and fontconfig, found with pkg-config.
        .systemLibrary(
            name: "CCairo",
            path: "Sources/CCairo",
            pkgConfig: "pangocairo",
            providers: [.apt(["libcairo2-dev", "libpango1.0-dev", "libfontconfig-dev"])]
        ),
        // libdeflate (Debian's libdeflate-dev): fast zlib streams for the PDF finishing step.
        .systemLibrary(name: "CDeflate", providers: [.apt(["libdeflate-dev"])]),
        // Brotli's encoder, for the web page's compressed answers (gzip comes from libdeflate).
        .systemLibrary(name: "CBrotli", providers: [.apt(["libbrotli-dev"])]),
        // PDF/UA-1 and PDF/A-3b finishing of a cairo PDF: metadata, artifacts, alternative texts, attachments.
        .target(name: "PDFFinishing", dependencies: ["CDeflate"]),
        // cairo's numbers (coordinates, colours, glyph codes) written without glibc's printf, and its
        // font programs left for the finishing step to compress: the project's one C file, which
        // takes cairo's snprintf and deflateInit calls (see cairo_numbers.c).
        .target(name: "CCairoNumbers"),
        // Thin Swift over cairo/pango: PDF document, shapes, text, bundled fonts, tags, links, outline.
        .target(name: "Canvas", dependencies: ["CCairo", "CCairoNumbers"]),
        // Chart geometry without drawing: Sankey, squarified treemap, balance bars, label fitting.
        .target(name: "Charts", dependencies: ["FrenchNumbers"]),
        // libhyphen (no pkg-config file), for French hyphenation of justified paragraphs.
        .systemLibrary(name: "CHyphen", path: "Sources/CHyphen", providers: [.apt(["libhyphen-dev", "hyphen-fr"])]),
        // The fiche: page composition, text template, French typography and the chart painter.
        .target(
            name: "Fiche",
            dependencies: ["TradeData", "Charts", "Canvas", "CHyphen", "ProjectFiles", "FrenchNumbers", "PDFFinishing", "CSV", "Checksums", .product(name: "Mustache", package: "swift-mustache")]
        ),
        // Temporary folders for the tests, removed when the test process exits.
        .target(name: "TestScratch"),
        // Every département's fiche in one run: parallel rendering, manifest, resumable, zip.
        .target(
            name: "BulkExport",
            dependencies: [
                "TradeData", "Fiche", "Manifest", "ProjectFiles",
                "Checksums",
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ]
        ),
        // `fiche serve`: the web page, the fiches on demand and the region zips, on Hummingbird 2.
        .target(
            name: "FicheServer",
            dependencies: [
                "TradeData", "Fiche", "Manifest", "FrenchNumbers", "Checksums", "ProjectFiles", "CSV", "CDeflate", "CBrotli",
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "Hummingbird", package: "hummingbird"),
                // The HTTP/1 channel, wrapped to add the connection guard after its request decoder.
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ]
        ),
        // The options and terminal conventions shared by `fiche` and `fiche-bench`.
        .target(
            name: "FicheCommandLine",
            dependencies: ["TradeData", "Canvas", "ProjectFiles", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        // The command-line tool: demo-data, inspect, charts, render, bulk, mail, serve.
        .executableTarget(
            name: "fiche",
            dependencies: [
                "FicheCommandLine",
                "ProjectFiles",
                "TradeData",
                "Fiche",
                "Canvas",
                "Charts",
                "Mailing",
                "BulkExport",
                "FicheServer",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),

        // Development tools and test support, never linked into `fiche`.

        // A real SMTP server on loopback (scripts/smtp-test-server.py, aiosmtpd) for the mail
        // tests and the mail benchmark.
        .target(name: "SMTPTestServer"),
        // A minimal blocking HTTP/1.1 client for the tests and the load test of `fiche serve`.
        .target(name: "LoopbackHTTP"),
        // `fiche-bench`: timing of reading, the charts, one fiche, bulk, mail and serve (`make bench`).
        .executableTarget(
            name: "fiche-bench",
            dependencies: [
                "FicheCommandLine", "TradeData", "Charts", "Canvas", "Fiche", "Mailing", "Manifest", "Checksums", "ProjectFiles",
                "FrenchNumbers", "SMTPTestServer", "LoopbackHTTP",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(name: "ChecksumsTests", dependencies: ["Checksums"]),
        .testTarget(name: "ProjectFilesTests", dependencies: ["ProjectFiles"]),
        .testTarget(name: "FicheCommandLineTests", dependencies: [
            "FicheCommandLine", "TradeData", .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        .testTarget(name: "CSVTests", dependencies: ["CSV"]),
        .testTarget(name: "FrenchNumbersTests", dependencies: ["FrenchNumbers"]),
        .testTarget(name: "ManifestTests", dependencies: ["Manifest", "CSV"]),
        .testTarget(name: "PDFFinishingTests", dependencies: ["PDFFinishing", "TestScratch"]),
        .testTarget(name: "CanvasTests", dependencies: ["TestScratch", "Canvas", "CCairo", "CCairoNumbers"]),
        .testTarget(name: "ChartsTests", dependencies: ["Charts", "FrenchNumbers"], resources: [.copy("Fixtures")]),
        .testTarget(name: "TradeDataTests", dependencies: ["TestScratch", "TradeData", "Checksums", .product(name: "ZIPFoundation", package: "ZIPFoundation")]),
        .testTarget(name: "FicheTests", dependencies: ["TestScratch", "Fiche", "TradeData", "Charts", "ProjectFiles", "Canvas", "PDFFinishing"]),
        .testTarget(name: "BulkExportTests", dependencies: ["TestScratch", 
            "BulkExport", "TradeData", "Manifest", "ProjectFiles", "Checksums", .product(name: "ZIPFoundation", package: "ZIPFoundation"),
        ]),
        // The server in-process: its cache, its zip stream, its routes (requests handed to its router).
        .testTarget(name: "FicheServerTests", dependencies: [
            "TestScratch", "FicheServer", "Fiche", "TradeData", "ProjectFiles",
            .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "HTTPTypes", package: "swift-http-types"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOEmbedded", package: "swift-nio"),
            .product(name: "NIOHTTP1", package: "swift-nio"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        // Runs the built `fiche` tool as a user would and checks what it prints and writes.
        .testTarget(name: "EndToEndTests", dependencies: ["TestScratch", "LoopbackHTTP", "fiche"]),
        .testTarget(name: "MailingTests", dependencies: ["TestScratch", "Mailing", "SMTPTestServer", "Checksums", "FrenchNumbers", "Manifest"], exclude: ["TLS"]),
    ],
    swiftLanguageModes: [.v6]
)
