import Foundation
import SSELintCore
import SSELintLaunch
import SSELintTestSupport
import Testing

/// The Terraform (HCL native syntax) reader: positions, every value kind, heredocs, comments, nesting, the module
/// resolver, input errors with their line:column, the five resource types the timeout rules read, and the public
/// Terraform files in ../shared.
struct HCLTests {
    func parse(_ text: String, _ path: String = "main.tf") throws -> HCLFile { try HCLFile.parse(SourceFile(path: path, text: text)) }
    func value(_ expr: String) throws -> HCLValue { try #require(try parse("v = \(expr)\n").body.attribute("v")).value }
    func error(_ text: String) -> InputError? {
        do { _ = try parse(text); return nil } catch let e as InputError { return e } catch { return nil }
    }
    /// 1-based line of the first line of `text` that contains `needle`.
    func line(_ needle: String, in text: String) -> Int {
        (text.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.contains(needle) } ?? -1) + 1
    }

    @Test func positionsOfAttributesAndBlocks() throws {
        let text = """
            # header comment
            terraform {
              required_version = ">= 1.5"
            }

            resource "aws_lb" "chat" {
              name         = "chat"
              idle_timeout = 300
              access_logs {
                enabled = true
              }
            }
            """
        let f = try parse(text)
        let tf = try #require(f.body.block("terraform"))
        #expect(f.line(of: tf.range.lowerBound) == 2 && f.source.text(tf.range) == "terraform")
        #expect(tf.body.attribute("required_version").map { f.line(of: $0.nameRange.lowerBound) } == 3)
        let lb = try #require(f.resources(type: "aws_lb").first)
        #expect(lb.labels == ["aws_lb", "chat"] && lb.labelRanges.map(f.source.text) == ["\"aws_lb\"", "\"chat\""])
        #expect(f.line(of: lb.range.lowerBound) == 6 && f.source.position(of: lb.range.lowerBound).column == 1)
        #expect(f.source.text(lb.bodyRange).hasPrefix("{") && f.source.text(lb.bodyRange).hasSuffix("}"))
        #expect(f.line(of: lb.bodyRange.upperBound - 1) == 12)
        let idle = try #require(lb.body.attribute("idle_timeout"))
        #expect(f.line(of: idle.nameRange.lowerBound) == 8 && f.source.text(idle.nameRange) == "idle_timeout")
        #expect(f.source.text(idle.valueRange) == "300" && f.source.position(of: idle.valueRange.lowerBound).column == 18)
        let logs = try #require(lb.body.block("access_logs"))
        #expect(f.line(of: logs.range.lowerBound) == 9 && logs.body.attribute("enabled")?.value == .bool(true))
        #expect(lb.body.attribute("missing") == nil && lb.body.blocks("access_logs").count == 1 && f.resources(type: "aws_alb").isEmpty)
        // A value over several lines: its range runs from its first token to its last.
        let multi = try parse("a = [\n  1,\n  2,\n]\nb = 1\n")
        let a = try #require(multi.body.attribute("a"))
        #expect(multi.source.text(a.valueRange) == "[\n  1,\n  2,\n]" && multi.line(of: multi.body.attribute("b")!.nameRange.lowerBound) == 5)
    }

    @Test func valueKinds() throws {
        #expect(try value("300") == .number(300))
        #expect(try value("1e3") == .number(1000))
        #expect(try value("2.5E-1") == .number(0.25))
        #expect(try value("-60") == .number(-60))
        #expect(try value("(30)") == .number(30))
        #expect(try value("true") == .bool(true) && value("false") == .bool(false) && value("null") == .null)
        #expect(try value(#""3600s""#) == .string("3600s"))
        #expect(try value(#""a\tb\n\"q\" \\ \u00e9 \U0001F600""#) == .string("a\tb\n\"q\" \\ é 😀"))
        #expect(try value(#""$${not} %%{this}""#) == .string("${not} %{this}"))
        #expect(try value(#""""#) == .string(""))
        #expect(try value("var.idle_timeout") == .reference("var.idle_timeout"))
        #expect(try value("local.timeouts") == .reference("local.timeouts"))
        #expect(try value("module.alb.dns_name") == .reference("module.alb.dns_name"))
        #expect(try value("aws_lb.main[0].arn") == .reference("aws_lb.main[0].arn"))
        #expect(try value(#"each.value["timeout"]"#) == .reference(#"each.value["timeout"]"#))
        #expect(try value("aws_instance.web[*].id") == .reference("aws_instance.web[*].id"))
        #expect(try value("string") == .reference("string"))
        // A lone interpolation is its expression's value (HCL keeps it unconverted).
        #expect(try value(#""${var.timeout}""#) == .reference("var.timeout"))
        #expect(try value(#"[1, "two", true, null, var.x,]"#) == .tuple([.number(1), .string("two"), .bool(true), .null, .reference("var.x")]))
        #expect(try value("[]") == .tuple([]) && value("{}") == .object([]))
        let obj = try value("""
            {
              read = 60
              "quoted key" = "q"
              colon: [1, 2],
              (var.key) = 4, nested = { a = 1 }
            }
            """)
        #expect(obj == .object([(key: "read", value: .number(60)), (key: "quoted key", value: .string("q")),
                                (key: "colon", value: .tuple([.number(1), .number(2)])), (key: "(var.key)", value: .number(4)),
                                (key: "nested", value: .object([(key: "a", value: .number(1))]))]))
        #expect(obj["read"]?.number == 60 && obj["nested"]?["a"] == .number(1) && obj["none"] == nil)
        // Everything else is kept as written.
        for expr in ["max(30, var.timeout)", #""${var.name}-alb""#, "var.a ? 60 : 30", "[for s in var.list : upper(s) if s != \"\"]",
                     "{for k, v in var.m : k => v...}", "var.t * 1000", "!var.enabled", "provider::aws::arn_parse(var.arn)",
                     "merge(var.tags, {\n    Name = \"x\"\n  })", "[1, 2][0]", "jsonencode({ a = [1] })"] {
            #expect(try value(expr) == .expression(expr), "\(expr)")
        }
        #expect(try value("300").description == "300" && value(#"{a = [1, "x"]}"#).description == #"{a = [1, "x"]}"#)
    }

    @Test func heredocs() throws {
        let text = """
            a = <<EOF
            {
              "timeout": 30
            }
            EOF
            b = <<-EOT
                first
                  indented

                last $${literal}
              EOT
            c = <<EOF
            Hello ${var.name}
            EOF
            d = <<EOF
              NOT EOF
              EOF
            e = <<X
            X
            after = 1
            """
        let f = try parse(text)
        #expect(f.body.attribute("a")?.value == .string("{\n  \"timeout\": 30\n}\n"))
        #expect(f.body.attribute("b")?.value == .string("first\n  indented\n\nlast ${literal}\n"))
        #expect(f.body.attribute("c")?.value == .expression("<<EOF\nHello ${var.name}\nEOF"))
        #expect(f.body.attribute("d")?.value == .string("  NOT EOF\n"))
        #expect(f.body.attribute("e")?.value == .string(""))
        #expect(f.body.attribute("after").map { f.line(of: $0.nameRange.lowerBound) } == line("after = 1", in: text))
        let a = try #require(f.body.attribute("a"))
        #expect(f.source.text(a.valueRange).hasPrefix("<<EOF\n{") && f.source.text(a.valueRange).hasSuffix("}\nEOF"))
        // CRLF line ends, and a heredoc as a function argument.
        let crlf = try parse("a = <<-EOF\r\n  x\r\n  EOF\r\nb = jsonencode(<<EOT\ny\nEOT\n)\n")
        #expect(crlf.body.attribute("a")?.value == .string("x\r\n") && crlf.body.attribute("b")?.value.string == nil)
    }

    @Test func comments() throws {
        let text = """
            # hash
            // slashes
            /* block
               over lines */
            a = 1 # after a value
            b = [ # in a tuple
              1, // one
              /* two */ 2,
            ]
            c /* between */ = /* inside */ "x" /* after */
            resource "r" "n" { # after a brace
              d = "# not a comment" // but this is
            }
            """
        let f = try parse(text)
        #expect(f.body.attribute("a")?.value == .number(1))
        #expect(f.body.attribute("b")?.value == .tuple([.number(1), .number(2)]))
        #expect(f.body.attribute("c")?.value == .string("x"))
        #expect(f.resources(type: "r").first?.body.attribute("d")?.value == .string("# not a comment"))
        #expect(f.body.attribute("a").map { f.line(of: $0.nameRange.lowerBound) } == 5)
    }

    @Test func nestingOneLineAndDynamicBlocks() throws {
        let text = """
            a {
              b "x" y {
                c {
                  d = 1
                }
              }
            }
            one { v = 1 }
            empty "lbl" {}
            dynamic "origin" {
              for_each = var.origins
              content {
                domain_name = origin.value.domain
              }
            }
            "esc\\"aped" = 1
            """
        // A quoted attribute name is not HCL: the last line is an error; without it the file reads.
        #expect(error(text)?.line == 16)
        let f = try parse(text.replacingOccurrences(of: "\"esc\\\"aped\" = 1", with: "label \"q\\\"t\" bare {\n}"))
        let d = try #require(f.body.block("a")?.body.blocks("b").first?.body.block("c")?.body.attribute("d"))
        #expect(d.value == .number(1) && f.line(of: d.nameRange.lowerBound) == 4)
        #expect(f.body.block("a")?.body.block("b")?.labels == ["x", "y"])
        #expect(f.body.block("one")?.body.attribute("v")?.value == .number(1))
        #expect(f.body.block("empty")?.labels == ["lbl"] && f.body.block("empty")?.body.attributes.isEmpty == true)
        let dyn = try #require(f.body.block("dynamic"))
        #expect(dyn.labels == ["origin"] && dyn.body.block("content")?.body.attribute("domain_name")?.value == .reference("origin.value.domain"))
        #expect(f.body.block("label")?.labels == ["q\"t", "bare"])
    }

    @Test func templatesDirectivesAndMultiLineValues() throws {
        let text = """
            a = "${ {a = "}"}["a"] }-${lookup(var.m, "k", "${var.d}")}"
            b = "%{ if var.sse }stream%{ else }page%{ endif }"
            c = <<-EOT
              %{~ for t in var.timeouts ~}
              timeout ${t}
              %{~ endfor ~}
              EOT
            d = merge(
              var.base,
              {
                x = (
                  1 +
                  2
                )
              },
            )
            e = var.enabled ? [
              "a",
            ] : []
            f = {
              for name, svc in var.services :
              name => svc.timeout
              if svc.sse
            }
            g = "${~ var.x ~}"
            """
        let f = try parse(text)
        #expect(f.body.attribute("a")?.value == .expression(#""${ {a = "}"}["a"] }-${lookup(var.m, "k", "${var.d}")}""#))
        #expect(f.body.attribute("b")?.value == .expression(#""%{ if var.sse }stream%{ else }page%{ endif }""#))
        #expect(f.body.attribute("c")?.value.string == nil)
        #expect(f.body.attribute("d").map { f.source.text($0.valueRange).hasSuffix("},\n)") } == true)
        #expect(f.body.attribute("e").map { f.line(of: $0.valueRange.upperBound) } == line("] : []", in: text))
        #expect(f.body.attribute("f")?.value.description.hasPrefix("{\n  for name, svc") == true)
        #expect(f.body.attribute("g")?.value == .reference("var.x"))
        #expect(f.body.attributes.map(\.name) == ["a", "b", "c", "d", "e", "f", "g"])
    }

    @Test func resolverUsesDefaultsLocalsAndTfvars() throws {
        let variables = try parse("""
            variable "idle_timeout" {
              type    = number
              default = 60
            }
            variable "read_timeout" {
              description = "seconds"
              default     = 30
            }
            variable "region" {}
            variable "limits" {
              default = { read = 45, keepalive = 5 }
            }
            """, "variables.tf")
        let locals = try parse("""
            locals {
              timeout_ms = 29000
              alias      = var.read_timeout
              name       = "chat"
            }
            """, "locals.tf")
        let tfvars = try parse("idle_timeout = 3600\nregion = \"eu-west-1\"\n", "terraform.tfvars")
        let main = try parse("""
            resource "aws_lb" "chat" {
              idle_timeout = var.idle_timeout
              name         = local.name
            }
            """)
        let m = TerraformModule(files: [variables, locals, tfvars, main])
        let idle = try #require(main.resources(type: "aws_lb").first?.body.attribute("idle_timeout"))
        #expect(m.resolve(idle.value) == .number(3600))  // the tfvars value wins over the default
        #expect(TerraformModule(files: [variables, main]).resolve(idle.value) == .number(60))
        #expect(m.resolve(.reference("var.read_timeout")) == .number(30))
        #expect(m.resolve(.reference("var.region")) == .string("eu-west-1"))
        #expect(m.resolve(.reference("local.timeout_ms")) == .number(29000))
        #expect(m.resolve(.reference("local.alias")) == .reference("var.read_timeout"))  // one level
        #expect(m.resolve(.reference("var.limits.read")) == .number(45))
        #expect(m.resolve(.reference("var.unknown")) == .reference("var.unknown"))
        #expect(m.resolve(.reference("var.limits.none")) == .reference("var.limits.none"))
        #expect(m.resolve(.reference("aws_lb.chat.arn")) == .reference("aws_lb.chat.arn"))
        #expect(m.resolve(.expression("var.idle_timeout * 1000")) == .expression("var.idle_timeout * 1000"))
        #expect(m.resolve(.tuple([.reference("var.idle_timeout"), .object([(key: "n", value: .reference("local.name"))])]))
                == .tuple([.number(3600), .object([(key: "n", value: .string("chat"))])]))
        #expect(m.defaults["region"] == nil && m.tfvars.count == 2 && m.locals.count == 3)
        #expect(m.resolve(try value(#""${var.read_timeout}""#)) == .number(30))
    }

    @Test(arguments: [
        ("a = \"abc\n", 1, 5, "unterminated string"),
        ("x = 1\ny = \"${var.a\"\n", 2, 13, "unterminated string"),
        ("a = 1\nb = <<EOF\nabc\n", 2, 5, "unterminated heredoc"),
        ("a = <<EOF x\nEOF\n", 1, 5, "heredoc starts with"),
        ("a = 1\n/* oops\n", 2, 1, "unterminated comment"),
        ("r \"x\" {\n  a = [1, 2\n}\n", 3, 1, "unbalanced bracket"),
        ("a = (1]\n", 1, 7, "does not close the '(' opened at 1:5"),
        ("a = f(1,\n  2\n", 1, 6, "never closed"),
        ("r \"x\" {\n  a = 1\n", 1, 7, "never closed"),
        ("}\n", 1, 1, "no block is open"),
        ("a = 1 2\n", 1, 7, "unexpected number 2"),
        ("a = \nb = 2\n", 1, 5, "expected a value"),
        ("a = 1 +\n2\n", 1, 8, "expected a value"),
        ("a = [1,,2]\n", 1, 8, "unexpected ','"),
        ("a = x ? 1\n", 1, 10, "conditional"),
        ("a = {\n  b = 1 c = 2\n}\n", 2, 9, "unexpected name c"),
        ("a = { b }\n", 1, 9, "expected '='"),
        ("a = \"\\q\"\n", 1, 6, "invalid escape"),
        ("a = \"\\u12\"\n", 1, 6, "invalid escape"),
        ("r x\n{\n}\n", 1, 4, "same line"),
        ("a { b = 1\n}\n", 1, 10, "one-line block"),
        ("r { a = 1 }}\n", 1, 12, "expected a line break"),
        ("resource \"a\" \"${x}\" {\n}\n", 1, 15, "label"),
        ("a.b = 1\n", 1, 2, "unexpected '.'"),
        ("a = &\n", 1, 5, "unexpected character '&'"),
        ("a = 1\n\u{1}\n", 2, 1, "unexpected character byte 0x1"),
    ])
    func errorsNameLineAndColumn(_ input: String, _ line: Int, _ column: Int, _ reason: String) throws {
        let e = try #require(error(input), "\(input.debugDescription) parsed")
        #expect(e.path == "main.tf" && e.line == line && e.column == column && e.message.contains(reason), "\(input.debugDescription): \(e)")
    }

    @Test(.timeLimit(.minutes(1))) func nestingIsBoundedAndLargeFilesStayLinear() throws {
        let n = 20_000
        for (text, reason) in [("a = " + String(repeating: "[", count: n), "nested deeper than 64"),
                               ("a = " + String(repeating: "(", count: n), "nested deeper than 64"),
                               ("a = " + String(repeating: "{ b = ", count: n), "nested deeper than 64"),
                               ("a = " + String(repeating: "\"${", count: n), "nested deeper than 64"),
                               (String(repeating: "a {\n", count: n), "blocks nested deeper than 64"),
                               ("a = " + String(repeating: "-", count: n) + "1 +", "expected a value")] {
            #expect(error(text)?.message.contains(reason) == true, "\(reason): \(String(describing: error(text)))")
        }
        // 64 levels read; values nested that deep still build.
        let deep = try value(String(repeating: "[", count: 63) + "1" + String(repeating: "]", count: 63))
        #expect(deep.description.hasPrefix("[[[[") && deep.description.contains("1"))
        #expect(try parse(String(repeating: "a {\n", count: 64) + String(repeating: "}\n", count: 64)).body.blocks.count == 1)
        // A large module reads in one pass.
        var big = ""
        for i in 0..<5_000 { big += "resource \"aws_lb\" \"lb\(i)\" {\n  idle_timeout = \(i)\n  tags = { n = \"\(i)\", list = [1, 2, 3] }\n}\n" }
        let f = try parse(big)
        #expect(f.resources(type: "aws_lb").count == 5_000 && f.resources(type: "aws_lb").last?.body.attribute("idle_timeout")?.value == .number(4_999))
    }

    @Test func oddBytesNeverCrash() throws {
        // A BOM is skipped; bytes that are not UTF-8 stay in names and strings; NUL is an error, not a crash.
        let bom = try HCLFile.parse(SourceFile(path: "m.tf", bytes: [0xEF, 0xBB, 0xBF] + Array("a = 1\n".utf8)))
        #expect(bom.body.attribute("a")?.value == .number(1))
        let latin1 = try HCLFile.parse(SourceFile(path: "m.tf", bytes: Array("a = \"caf".utf8) + [0xE9] + Array("\"\nb\u{e9} = 2".utf8)))
        #expect(latin1.body.attribute("a")?.value.string?.hasPrefix("caf") == true && latin1.body.attributes.count == 2)
        #expect(throws: InputError.self) { try HCLFile.parse(SourceFile(path: "m.tf", bytes: Array("a = 1\n".utf8) + [0])) }
        #expect(try parse("").body.attributes.isEmpty && parse("\n\n# only a comment").body.blocks.isEmpty)
        #expect(try parse("a = 1").body.attribute("a")?.value == .number(1))  // no final line break
        #expect(try parse("a = <<EOF\nx\nEOF").body.attribute("a")?.value == .string("x\n"))
    }

    // MARK: - The resources the timeout rules read

    @Test func awsLoadBalancerIdleTimeout() throws {
        let text = """
            resource "aws_lb" "chat" {
              name               = "${var.name}-alb"
              internal           = false
              load_balancer_type = "application"
              security_groups    = [aws_security_group.lb.id]
              subnets            = module.vpc.public_subnets

              # Event streams stay open for minutes: the 60 s default would cut them.
              idle_timeout = 3600

              access_logs {
                bucket  = aws_s3_bucket.logs.id
                prefix  = "alb"
                enabled = true
              }

              tags = {
                Name = "chat"
              }
            }
            """
        let f = try parse(text)
        let lb = try #require(f.resources(type: "aws_lb").first)
        let idle = try #require(lb.body.attribute("idle_timeout"))
        #expect(idle.value == .number(3600) && f.line(of: idle.nameRange.lowerBound) == line("idle_timeout", in: text))
        #expect(lb.body.attribute("subnets")?.value == .reference("module.vpc.public_subnets"))
        #expect(lb.body.attribute("security_groups")?.value == .tuple([.reference("aws_security_group.lb.id")]))
        #expect(lb.body.attribute("tags")?.value["Name"] == .string("chat"))
    }

    @Test func apiGatewayIntegrationTimeout() throws {
        let text = """
            resource "aws_api_gateway_integration" "stream" {
              rest_api_id             = aws_api_gateway_rest_api.api.id
              resource_id             = aws_api_gateway_resource.stream.id
              http_method             = aws_api_gateway_method.stream.http_method
              integration_http_method = "POST"
              type                    = "HTTP_PROXY"
              uri                     = "http://${aws_lb.internal.dns_name}/stream"
              connection_type         = "VPC_LINK"
              connection_id           = aws_api_gateway_vpc_link.main.id
              timeout_milliseconds    = 29000

              request_parameters = {
                "integration.request.header.Accept" = "'text/event-stream'"
              }
            }
            """
        let f = try parse(text)
        let integration = try #require(f.resources(type: "aws_api_gateway_integration").first)
        let timeout = try #require(integration.body.attribute("timeout_milliseconds"))
        #expect(timeout.value == .number(29000) && f.line(of: timeout.nameRange.lowerBound) == line("timeout_milliseconds", in: text))
        #expect(integration.body.attribute("uri")?.value == .expression(#""http://${aws_lb.internal.dns_name}/stream""#))
        #expect(integration.body.attribute("request_parameters")?.value["integration.request.header.Accept"] == .string("'text/event-stream'"))
    }

    @Test func cloudFrontOriginTimeouts() throws {
        let text = """
            resource "aws_cloudfront_distribution" "app" {
              enabled         = true
              is_ipv6_enabled = true
              aliases         = ["chat.example.com"]

              origin {
                domain_name = aws_lb.chat.dns_name
                origin_id   = local.origin_id

                custom_origin_config {
                  http_port                = 80
                  https_port               = 443
                  origin_protocol_policy   = "https-only"
                  origin_ssl_protocols     = ["TLSv1.2"]
                  origin_read_timeout      = 180
                  origin_keepalive_timeout = 60
                }
              }

              default_cache_behavior {
                allowed_methods        = ["GET", "HEAD", "OPTIONS", "PUT", "POST", "PATCH", "DELETE"]
                cached_methods         = ["GET", "HEAD"]
                target_origin_id       = local.origin_id
                viewer_protocol_policy = "redirect-to-https"
                compress               = true

                forwarded_values {
                  query_string = true
                  cookies { forward = "all" }
                }
              }

              restrictions {
                geo_restriction {
                  restriction_type = "none"
                }
              }

              viewer_certificate {
                acm_certificate_arn = var.certificate_arn
                ssl_support_method  = "sni-only"
              }
            }
            """
        let f = try parse(text)
        let cf = try #require(f.resources(type: "aws_cloudfront_distribution").first)
        let config = try #require(cf.body.block("origin")?.body.block("custom_origin_config"))
        let read = try #require(config.body.attribute("origin_read_timeout"))
        #expect(read.value == .number(180) && f.line(of: read.nameRange.lowerBound) == line("origin_read_timeout", in: text))
        #expect(config.body.attribute("origin_keepalive_timeout")?.value == .number(60))
        #expect(cf.body.block("default_cache_behavior")?.body.attribute("compress")?.value == .bool(true))
        #expect(cf.body.block("default_cache_behavior")?.body.block("forwarded_values")?.body.block("cookies")?.body.attribute("forward")?.value == .string("all"))
    }

    @Test func cloudRunV2TemplateTimeout() throws {
        let text = """
            resource "google_cloud_run_v2_service" "api" {
              name     = "chat-api"
              location = var.region
              ingress  = "INGRESS_TRAFFIC_ALL"

              template {
                timeout                          = "3600s"
                max_instance_request_concurrency = 80

                scaling {
                  min_instance_count = 1
                  max_instance_count = 10
                }

                containers {
                  image = "${var.region}-docker.pkg.dev/${var.project}/app/api:latest"
                  ports {
                    container_port = 8080
                  }
                  dynamic "env" {
                    for_each = var.env
                    content {
                      name  = env.key
                      value = env.value
                    }
                  }
                  resources {
                    limits = {
                      cpu    = "1"
                      memory = "512Mi"
                    }
                  }
                }
              }
            }
            """
        let f = try parse(text)
        let run = try #require(f.resources(type: "google_cloud_run_v2_service").first)
        let timeout = try #require(run.body.block("template")?.body.attribute("timeout"))
        #expect(timeout.value == .string("3600s") && f.line(of: timeout.nameRange.lowerBound) == line("timeout ", in: text))
        let containers = try #require(run.body.block("template")?.body.block("containers"))
        #expect(containers.body.block("dynamic")?.labels == ["env"])
        #expect(containers.body.block("resources")?.body.attribute("limits")?.value["memory"] == .string("512Mi"))
    }

    @Test func cloudRunV1SpecTimeoutSeconds() throws {
        let text = """
            resource "google_cloud_run_service" "legacy" {
              name     = "chat-legacy"
              location = "us-central1"

              metadata {
                annotations = {
                  "run.googleapis.com/ingress" = "all"
                }
              }

              template {
                metadata {
                  annotations = {
                    "autoscaling.knative.dev/maxScale" = "5"
                  }
                }
                spec {
                  container_concurrency = 80
                  timeout_seconds       = 900
                  containers {
                    image = "gcr.io/${var.project}/chat:latest"
                  }
                }
              }

              traffic {
                percent         = 100
                latest_revision = true
              }
            }
            """
        let f = try parse(text)
        let run = try #require(f.resources(type: "google_cloud_run_service").first)
        let spec = try #require(run.body.block("template")?.body.block("spec"))
        let timeout = try #require(spec.body.attribute("timeout_seconds"))
        #expect(timeout.value == .number(900) && f.line(of: timeout.nameRange.lowerBound) == line("timeout_seconds", in: text))
        #expect(run.body.block("template")?.body.block("metadata")?.body.attribute("annotations")?.value["autoscaling.knative.dev/maxScale"] == .string("5"))
        #expect(run.body.block("traffic")?.body.attribute("latest_revision")?.value == .bool(true))
    }

    // MARK: - ../shared

    static var haveShared: Bool { TestSupport.oracle(TestSupport.shared != nil, "../shared/corpus (only beside the project's own clone)") }

    /// Every `*.tf` and `*.tfvars` file in ../shared/realworld and ../shared/corpus parses.
    @Test(.enabled(if: haveShared)) func sharedTerraformFilesAllParse() throws {
        let shared = try #require(TestSupport.shared)
        var files: [String] = []
        for sub in ["corpus", "realworld"] {
            let root = "\(shared)/\(sub)"
            guard let e = FileManager.default.enumerator(atPath: root) else { continue }
            for case let rel as String in e where rel.hasSuffix(".tf") || rel.hasSuffix(".tfvars") { files.append("\(root)/\(rel)") }
        }
        #expect(!files.isEmpty)
        var attributes = 0, blocks = 0
        for path in files.sorted() {
            let bytes = [UInt8](FileManager.default.contents(atPath: path) ?? Data())
            do {
                let f = try HCLFile.parse(SourceFile(path: path, bytes: bytes))
                var bodies = [f.body]
                while let b = bodies.popLast() { attributes += b.attributes.count; blocks += b.blocks.count; bodies += b.blocks.map(\.body) }
            } catch {
                Issue.record("\(path): \(error)")
            }
        }
        print("hcl: \(files.count) shared Terraform files parsed (\(blocks) blocks, \(attributes) attributes)")
    }
}
