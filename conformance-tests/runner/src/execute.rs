//! Runs one vector's steps on one fresh instance and records what each call
//! returned and logged. Judging is the report's job (`conformance-tests/judge`):
//! the runner only observes, so that every host is judged by the same code.

use std::collections::HashMap;

use serde_json::{json, Value};
use wasmtime::component::ResourceAny;
use wasmtime::{bail, format_err, Result};

use crate::api::{Instance, Target};
use crate::args::{self, Fixtures};
use crate::model::{bytes_json, image_json, option_json, result_json, status_json};

/// The results of every step, or why the vector could not run at all.
pub fn run_vector(target: &dyn Target, vector: &Value, fixtures: &mut Fixtures) -> Value {
    let mut instance = match target.instantiate() {
        Ok(instance) => instance,
        Err(e) => return json!({ "error": format!("cannot instantiate: {e:?}") }),
    };
    let interface = vector["interface"].as_str().unwrap_or_default();
    let mut tasks = HashMap::new();
    let mut steps = Vec::new();
    for step in vector["steps"].as_array().into_iter().flatten() {
        let mut call = Call {
            instance: instance.as_mut(),
            fixtures: &mut *fixtures,
            tasks: &mut tasks,
        };
        let outcome = call.step(interface, step);
        let logs: Vec<Value> = instance
            .take_logs()
            .into_iter()
            .map(|(level, context, message)| json!([level, context, message]))
            .collect();
        let name = step["call"].clone();
        match outcome {
            Ok(result) => steps.push(json!({ "call": name, "result": result, "logs": logs })),
            Err(e) => {
                // A trap leaves the instance unusable: the vector stops here.
                steps.push(json!({ "call": name, "trap": format!("{e:?}"), "logs": logs }));
                break;
            }
        }
    }
    json!({ "steps": steps })
}

struct Call<'a> {
    instance: &'a mut dyn Instance,
    fixtures: &'a mut Fixtures,
    tasks: &'a mut HashMap<String, ResourceAny>,
}

impl Call<'_> {
    /// The step's result; with `repeat`, the list of every repetition's.
    fn step(&mut self, interface: &str, step: &Value) -> Result<Value> {
        let call = step["call"].as_str().unwrap_or_default();
        let args = &step["args"];
        let Some(times) = step.get("repeat").and_then(Value::as_u64) else {
            return self.call(interface, call, args, step);
        };
        (0..times)
            .map(|_| self.call(interface, call, args, step))
            .collect::<Result<Vec<_>>>()
            .map(Value::Array)
    }

    fn call(&mut self, interface: &str, call: &str, args: &Value, step: &Value) -> Result<Value> {
        match interface {
            "image-ops" => self.image_ops(call, args),
            "codec" => self.codec(call, args),
            "scheduler" => self.scheduler(call, args, step),
            other => bail!("unknown interface {other:?}"),
        }
    }

    fn image_ops(&mut self, call: &str, args: &Value) -> Result<Value> {
        let fx = &mut *self.fixtures;
        let image_ops = self
            .instance
            .image_ops()
            .ok_or_else(|| format_err!("the target does not export image-ops"))?;
        let image = |r: &Result<_, _>| result_json(r, image_json);
        Ok(match call {
            "grayscale" => image(&image_ops.grayscale(fx.image(&args["img"])?)?),
            "blur" => {
                image(&image_ops.blur(fx.image(&args["img"])?, args::u32_arg(args, "radius")?)?)
            }
            "resize" => {
                let (w, h) = (
                    args::u32_arg(args, "width")?,
                    args::u32_arg(args, "height")?,
                );
                image(&image_ops.resize(fx.image(&args["img"])?, w, h)?)
            }
            "apply-filter" => {
                let opts = args::options(&args["opts"])?;
                image(&image_ops.apply_filter(fx.image(&args["img"])?, opts)?)
            }
            "batch-process" => {
                let opts = args::options(&args["opts"])?;
                let r = image_ops.batch_process(fx.images(&args["images"])?, opts)?;
                result_json(&r, |list| list.iter().map(image_json).collect())
            }
            other => bail!("image-ops has no function {other:?}"),
        })
    }

    fn codec(&mut self, call: &str, args: &Value) -> Result<Value> {
        let fx = &mut *self.fixtures;
        let codec = self
            .instance
            .codec()
            .ok_or_else(|| format_err!("the target does not export codec"))?;
        Ok(match call {
            "decode" => result_json(&codec.decode(fx.bytes(&args["data"])?)?, image_json),
            "encode" => {
                let r = codec.encode(fx.image(&args["img"])?, args::str_arg(args, "format")?)?;
                result_json(&r, |b| bytes_json(b))
            }
            "supported-formats" => json!(codec.supported_formats()?),
            other => bail!("codec has no function {other:?}"),
        })
    }

    fn scheduler(&mut self, call: &str, args: &Value, step: &Value) -> Result<Value> {
        Ok(match call {
            "task" => {
                let task = self.new_task(args)?;
                if let Some(name) = step.get("bind").and_then(Value::as_str) {
                    self.tasks.insert(name.to_owned(), task);
                }
                json!({ "resource": "task" })
            }
            "submit" => {
                // A bound name, or an inline task this step constructs.
                let task = match &args["task"] {
                    Value::String(name) => self
                        .tasks
                        .remove(name)
                        .ok_or_else(|| format_err!("no task bound to {name:?}"))?,
                    inline => self.new_task(inline)?,
                };
                json!(self.sched()?.submit(task)?)
            }
            "run-pending" => json!(self.sched()?.run_pending(args::u32_arg(args, "max")?)?),
            "get-result" => {
                let r = self.sched()?.get_result(args::u64_arg(args, "id")?)?;
                option_json(r.as_ref(), |r| result_json(r, image_json))
            }
            "cancel" => json!(self.sched()?.cancel(args::u64_arg(args, "id")?)?),
            "status" => {
                let status = self.sched()?.status(args::u64_arg(args, "id")?)?;
                option_json(status.as_ref(), |s| status_json(*s))
            }
            other => bail!("scheduler has no function {other:?}"),
        })
    }

    fn sched(&mut self) -> Result<&mut dyn crate::api::Scheduler> {
        self.instance
            .scheduler()
            .ok_or_else(|| format_err!("the target does not export scheduler"))
    }

    fn new_task(&mut self, spec: &Value) -> Result<ResourceAny> {
        let img = self.fixtures.image(&spec["img"])?;
        let operation = args::str_arg(spec, "operation")?.to_owned();
        let opts = args::options(&spec["options"])?;
        self.sched()?.task(img, &operation, opts)
    }
}
