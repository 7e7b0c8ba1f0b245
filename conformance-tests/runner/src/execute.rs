//! Runs one vector's steps on one fresh instance and records what each call
//! returned and logged, and the frames the instance holds at the end.
//! Judging is the report's job (`conformance-tests/judge`): the runner only
//! observes, so that every host is judged by the same code.

use std::collections::HashMap;

use serde_json::{json, Value};
use wasmtime::component::ResourceAny;
use wasmtime::{bail, format_err, Result};

use crate::api::{Frames, Instance, Scheduler, Target};
use crate::args::{self, Fixtures};
use crate::model::{
    bytes_json, image_json, option_json, result_json, status_json, step_json, WitError,
};

/// The results of every step, or why the vector could not run at all.
pub fn run_vector(target: &dyn Target, vector: &Value, fixtures: &mut Fixtures) -> Value {
    let mut instance = match target.instantiate() {
        Ok(instance) => instance,
        Err(e) => return json!({ "error": format!("cannot instantiate: {e:?}") }),
    };
    let interface = vector["interface"].as_str().unwrap_or_default();
    let mut handles = Handles::default();
    let mut steps = Vec::new();
    for step in vector["steps"].as_array().into_iter().flatten() {
        let mut call = Call {
            instance: instance.as_mut(),
            fixtures: &mut *fixtures,
            handles: &mut handles,
            bind: step.get("bind").and_then(Value::as_str),
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
                // A trap (or a handle the runtime refuses) ends the vector.
                steps.push(json!({ "call": name, "trap": format!("{e:?}"), "logs": logs }));
                break;
            }
        }
    }
    // Every handle the runner still owns is dropped, then what the instance
    // still holds is counted: the vector says how many frames that must be.
    for handle in handles.owned.drain(..) {
        // A trapped instance's handles died with it: nothing to drop then.
        let _ = instance.drop_handle(handle);
    }
    let mut out = json!({ "steps": steps });
    if let Some(alive) = instance.frames_alive() {
        out["frames_alive"] = alive.into();
    }
    out
}

/// The resources a vector names (`bind`). A name keeps its handle after it
/// moved or was dropped, so that a vector can pass it again and see the
/// runtime refuse it; `owned` is what the runner must still drop.
#[derive(Default)]
struct Handles {
    by_name: HashMap<String, ResourceAny>,
    owned: Vec<ResourceAny>,
}

impl Handles {
    fn bind(&mut self, name: Option<&str>, handle: ResourceAny) {
        if let Some(name) = name {
            self.by_name.insert(name.to_owned(), handle);
        }
        self.owned.push(handle);
    }

    /// The handle named, borrowed: the runner keeps owning it.
    fn get(&self, name: &str) -> Result<ResourceAny> {
        self.by_name
            .get(name)
            .copied()
            .ok_or_else(|| format_err!("nothing bound to {name:?}"))
    }

    /// The handle named, moved into a call: no longer the runner's to drop.
    fn take(&mut self, name: &str) -> Result<ResourceAny> {
        let handle = self.get(name)?;
        self.owned.retain(|h| *h != handle);
        Ok(handle)
    }
}

struct Call<'a> {
    instance: &'a mut dyn Instance,
    fixtures: &'a mut Fixtures,
    handles: &'a mut Handles,
    bind: Option<&'a str>,
}

impl Call<'_> {
    /// The step's result; with `repeat`, the list of every repetition's.
    fn step(&mut self, interface: &str, step: &Value) -> Result<Value> {
        let call = step["call"].as_str().unwrap_or_default();
        let args = &step["args"];
        let Some(times) = step.get("repeat").and_then(Value::as_u64) else {
            return self.call(interface, call, args);
        };
        (0..times)
            .map(|_| self.call(interface, call, args))
            .collect::<Result<Vec<_>>>()
            .map(Value::Array)
    }

    fn call(&mut self, interface: &str, call: &str, args: &Value) -> Result<Value> {
        if call.starts_with("frame.") || call == "apply" {
            return self.frame(call, args);
        }
        if call == "drop" {
            let handle = self.handles.take(args::str_arg(args, "name")?)?;
            self.instance.drop_handle(handle)?;
            return Ok(Value::Null);
        }
        match interface {
            "image-ops" => self.image_ops(call, args),
            "codec" => self.codec(call, args),
            "scheduler" => self.scheduler(call, args),
            other => bail!("unknown interface {other:?}"),
        }
    }

    /// A frame the call returned, now the runner's (named by the step's `bind`).
    fn keep(&mut self, frame: ResourceAny) -> Value {
        self.handles.bind(self.bind, frame);
        json!({ "resource": "frame" })
    }

    fn frame(&mut self, call: &str, args: &Value) -> Result<Value> {
        let named = |key: &str| args::str_arg(args, key);
        Ok(match call {
            "frame.from-image" => {
                let img = self.fixtures.image(&args["img"])?;
                let r = self.frames()?.from_image(img)?;
                self.kept(r)
            }
            "frame.width" => {
                let frame = self.handles.get(named("self")?)?;
                json!(self.frames()?.width(frame)?)
            }
            "frame.height" => {
                let frame = self.handles.get(named("self")?)?;
                json!(self.frames()?.height(frame)?)
            }
            "frame.channels" => {
                let frame = self.handles.get(named("self")?)?;
                json!(self.frames()?.channels(frame)?)
            }
            "frame.to-image" => {
                let frame = self.handles.get(named("self")?)?;
                result_json(&self.frames()?.to_image(frame)?, image_json)
            }
            "frame.into-image" => {
                let frame = self.handles.take(named("this")?)?;
                result_json(&self.frames()?.into_image(frame)?, image_json)
            }
            "apply" => {
                let src = self.handles.get(named("src")?)?;
                let steps = args::steps(&args["steps"])?;
                let r = self.frames()?.apply(src, &steps)?;
                self.kept(r)
            }
            other => bail!("image-ops has no function {other:?}"),
        })
    }

    fn kept(&mut self, r: std::result::Result<ResourceAny, WitError>) -> Value {
        match r {
            Ok(frame) => json!({ "ok": self.keep(frame) }),
            Err(e) => result_json::<()>(&Err(e), |()| Value::Null),
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

    fn scheduler(&mut self, call: &str, args: &Value) -> Result<Value> {
        Ok(match call {
            "task" => {
                let task = self.new_task(args)?;
                self.handles.bind(self.bind, task);
                json!({ "resource": "task" })
            }
            "submit" => {
                // A bound name, or an inline task this step constructs.
                let task = match &args["task"] {
                    Value::String(name) => self.handles.take(name)?,
                    inline => self.new_task(inline)?,
                };
                json!(self.sched()?.submit(task)?)
            }
            "run-pending" => json!(self.sched()?.run_pending(args::u32_arg(args, "max")?)?),
            "get-result" => {
                let r = self.sched()?.get_result(args::u64_arg(args, "id")?)?;
                match r {
                    None => Value::Null,
                    Some(r) => json!({ "some": self.kept(r) }),
                }
            }
            "cancel" => json!(self.sched()?.cancel(args::u64_arg(args, "id")?)?),
            "status" => {
                let status = self.sched()?.status(args::u64_arg(args, "id")?)?;
                option_json(status.as_ref(), |s| status_json(*s))
            }
            other => bail!("scheduler has no function {other:?}"),
        })
    }

    fn frames(&mut self) -> Result<&mut dyn Frames> {
        self.instance
            .frames()
            .ok_or_else(|| format_err!("the target has no image-ops frames"))
    }

    fn sched(&mut self) -> Result<&mut dyn Scheduler> {
        self.instance
            .scheduler()
            .ok_or_else(|| format_err!("the target does not export scheduler"))
    }

    /// The constructor: `src` a bound frame (moved in), or an image the
    /// runner makes a frame of first.
    fn new_task(&mut self, spec: &Value) -> Result<ResourceAny> {
        let src = match &spec["src"] {
            Value::String(name) => self.handles.take(name)?,
            image => {
                let img = self.fixtures.image(image)?;
                self.frames()?
                    .from_image(img)?
                    .map_err(|e| format_err!("the task's image is no frame: {e:?}"))?
            }
        };
        let steps = args::steps(&spec["steps"])?;
        self.sched()?.task(src, &steps)
    }
}

/// The step-text vectors, through the Rust crate (as js/src/steps.mjs runs
/// them in the JS runner): what `parse` returned for each step.
pub fn run_step_text(vector: &Value) -> Value {
    let mut steps = Vec::new();
    for step in vector["steps"].as_array().into_iter().flatten() {
        let args = &step["args"];
        let result = args::options(&args["options"]).and_then(|options| {
            let text = args::str_arg(args, "text")?;
            Ok(match step_text::parse(text, options.into()) {
                Ok(list) => json!({ "ok": list.into_iter().map(|s| step_json(&s.into())).collect::<Vec<_>>() }),
                Err(e) => json!({ "err": e.0 }),
            })
        });
        steps.push(match result {
            Ok(result) => json!({ "call": step["call"], "result": result, "logs": [] }),
            Err(e) => return json!({ "error": format!("{e:?}") }),
        });
    }
    json!({ "steps": steps })
}
