//! Conversions between a world's generated types and `crate::model`, written
//! once for every world: each `bindgen!` generates its own copy of the same
//! WIT types. Invoke where `wit` names the world's `types` module
//! (`macro_rules!` resolves item paths at the call site).

/// `From` both ways for `image`, `filter-options` and `error`; `step` into
/// the bindings.
macro_rules! convert_types {
    () => {
        impl From<&crate::model::Step> for wit::Step {
            fn from(step: &crate::model::Step) -> Self {
                match *step {
                    crate::model::Step::Grayscale => Self::Grayscale,
                    crate::model::Step::Blur(radius) => Self::Blur(radius),
                    crate::model::Step::Resize { width, height } => {
                        Self::Resize(wit::Size { width, height })
                    }
                    crate::model::Step::Filter(opts) => Self::Filter(opts.into()),
                }
            }
        }

        #[allow(dead_code)] // the scheduler alone lifts the steps it forwards
        fn wit_steps(steps: &[crate::model::Step]) -> Vec<wit::Step> {
            steps.iter().map(Into::into).collect()
        }

        impl From<crate::model::Image> for wit::Image {
            fn from(i: crate::model::Image) -> Self {
                Self {
                    width: i.width,
                    height: i.height,
                    channels: i.channels,
                    data: i.data,
                }
            }
        }

        impl From<wit::Image> for crate::model::Image {
            fn from(i: wit::Image) -> Self {
                Self {
                    width: i.width,
                    height: i.height,
                    channels: i.channels,
                    data: i.data,
                }
            }
        }

        impl From<crate::model::Options> for wit::FilterOptions {
            fn from(o: crate::model::Options) -> Self {
                Self {
                    brightness: o.brightness,
                    contrast: o.contrast,
                    blur_radius: o.blur_radius,
                }
            }
        }

        impl From<wit::FilterOptions> for crate::model::Options {
            fn from(o: wit::FilterOptions) -> Self {
                Self {
                    brightness: o.brightness,
                    contrast: o.contrast,
                    blur_radius: o.blur_radius,
                }
            }
        }

        impl From<wit::Error> for crate::model::WitError {
            fn from(e: wit::Error) -> Self {
                match e {
                    wit::Error::InvalidFormat(m) => Self::InvalidFormat(m),
                    wit::Error::ProcessingFailed(m) => Self::ProcessingFailed(m),
                    wit::Error::OutOfMemory => Self::OutOfMemory,
                }
            }
        }

        impl From<crate::model::WitError> for wit::Error {
            fn from(e: crate::model::WitError) -> Self {
                match e {
                    crate::model::WitError::InvalidFormat(m) => Self::InvalidFormat(m),
                    crate::model::WitError::ProcessingFailed(m) => Self::ProcessingFailed(m),
                    crate::model::WitError::OutOfMemory => Self::OutOfMemory,
                }
            }
        }
    };
}

/// `crate::api::ImageOps` for `$instance`, whose `bindings.$guest()` is the
/// exported `image-ops` interface.
macro_rules! impl_image_ops {
    ($instance:ty, $guest:ident) => {
        impl crate::api::ImageOps for $instance {
            fn grayscale(
                &mut self,
                img: crate::model::Image,
            ) -> crate::api::Outcome<crate::model::Image> {
                let r = self
                    .bindings
                    .$guest()
                    .call_grayscale(&mut self.store, &img.into())?;
                Ok(r.map(Into::into).map_err(Into::into))
            }

            fn blur(
                &mut self,
                img: crate::model::Image,
                radius: u32,
            ) -> crate::api::Outcome<crate::model::Image> {
                let r = self
                    .bindings
                    .$guest()
                    .call_blur(&mut self.store, &img.into(), radius)?;
                Ok(r.map(Into::into).map_err(Into::into))
            }

            fn resize(
                &mut self,
                img: crate::model::Image,
                width: u32,
                height: u32,
            ) -> crate::api::Outcome<crate::model::Image> {
                let r = self.bindings.$guest().call_resize(
                    &mut self.store,
                    &img.into(),
                    width,
                    height,
                )?;
                Ok(r.map(Into::into).map_err(Into::into))
            }

            fn apply_filter(
                &mut self,
                img: crate::model::Image,
                opts: crate::model::Options,
            ) -> crate::api::Outcome<crate::model::Image> {
                let r = self.bindings.$guest().call_apply_filter(
                    &mut self.store,
                    &img.into(),
                    opts.into(),
                )?;
                Ok(r.map(Into::into).map_err(Into::into))
            }

            fn batch_process(
                &mut self,
                images: Vec<crate::model::Image>,
                opts: crate::model::Options,
            ) -> crate::api::Outcome<Vec<crate::model::Image>> {
                let images: Vec<wit::Image> = images.into_iter().map(Into::into).collect();
                let r = self.bindings.$guest().call_batch_process(
                    &mut self.store,
                    &images,
                    opts.into(),
                )?;
                Ok(r.map(|list| list.into_iter().map(Into::into).collect())
                    .map_err(Into::into))
            }
        }
    };
}

/// `crate::api::Frames` for `$instance`, whose `bindings.$guest()` is the
/// exported `image-ops` interface (with its `frame` resource), and its
/// handles' drop.
macro_rules! impl_frames {
    ($instance:ty, $guest:ident) => {
        impl crate::api::Frames for $instance {
            fn from_image(
                &mut self,
                img: crate::model::Image,
            ) -> crate::api::Outcome<wasmtime::component::ResourceAny> {
                let r = self
                    .bindings
                    .$guest()
                    .frame()
                    .call_from_image(&mut self.store, &img.into())?;
                Ok(r.map_err(Into::into))
            }

            fn width(&mut self, frame: wasmtime::component::ResourceAny) -> wasmtime::Result<u32> {
                self.bindings
                    .$guest()
                    .frame()
                    .call_width(&mut self.store, frame)
            }

            fn height(&mut self, frame: wasmtime::component::ResourceAny) -> wasmtime::Result<u32> {
                self.bindings
                    .$guest()
                    .frame()
                    .call_height(&mut self.store, frame)
            }

            fn channels(
                &mut self,
                frame: wasmtime::component::ResourceAny,
            ) -> wasmtime::Result<u8> {
                self.bindings
                    .$guest()
                    .frame()
                    .call_channels(&mut self.store, frame)
            }

            fn to_image(
                &mut self,
                frame: wasmtime::component::ResourceAny,
            ) -> crate::api::Outcome<crate::model::Image> {
                let r = self
                    .bindings
                    .$guest()
                    .frame()
                    .call_to_image(&mut self.store, frame)?;
                Ok(r.map(Into::into).map_err(Into::into))
            }

            fn into_image(
                &mut self,
                frame: wasmtime::component::ResourceAny,
            ) -> crate::api::Outcome<crate::model::Image> {
                let r = self
                    .bindings
                    .$guest()
                    .frame()
                    .call_into_image(&mut self.store, frame)?;
                Ok(r.map(Into::into).map_err(Into::into))
            }

            fn apply(
                &mut self,
                src: wasmtime::component::ResourceAny,
                steps: &[crate::model::Step],
            ) -> crate::api::Outcome<wasmtime::component::ResourceAny> {
                let r =
                    self.bindings
                        .$guest()
                        .call_apply(&mut self.store, src, &wit_steps(steps))?;
                Ok(r.map_err(Into::into))
            }
        }
    };
}

/// `crate::api::Codec` for `$instance`, whose `bindings.$guest()` is the
/// exported `codec` interface.
macro_rules! impl_codec {
    ($instance:ty, $guest:ident) => {
        impl crate::api::Codec for $instance {
            fn decode(&mut self, data: Vec<u8>) -> crate::api::Outcome<crate::model::Image> {
                let r = self.bindings.$guest().call_decode(&mut self.store, &data)?;
                Ok(r.map(Into::into).map_err(Into::into))
            }

            fn encode(
                &mut self,
                img: crate::model::Image,
                format: &str,
            ) -> crate::api::Outcome<Vec<u8>> {
                let r = self
                    .bindings
                    .$guest()
                    .call_encode(&mut self.store, &img.into(), format)?;
                Ok(r.map_err(Into::into))
            }

            fn supported_formats(&mut self) -> wasmtime::Result<Vec<String>> {
                self.bindings
                    .$guest()
                    .call_supported_formats(&mut self.store)
            }
        }
    };
}

/// `crate::api::Scheduler` for `$instance`, whose `bindings.$guest()` is the
/// exported `scheduler` interface (`sched` names its module).
macro_rules! impl_scheduler {
    ($instance:ty, $guest:ident) => {
        impl crate::api::Scheduler for $instance {
            fn task(
                &mut self,
                src: wasmtime::component::ResourceAny,
                steps: &[crate::model::Step],
            ) -> wasmtime::Result<wasmtime::component::ResourceAny> {
                let guest = self.bindings.$guest().task();
                guest.call_constructor(&mut self.store, src, &wit_steps(steps))
            }

            fn submit(&mut self, task: wasmtime::component::ResourceAny) -> wasmtime::Result<u64> {
                self.bindings.$guest().call_submit(&mut self.store, task)
            }

            fn run_pending(&mut self, max: u32) -> wasmtime::Result<u32> {
                self.bindings
                    .$guest()
                    .call_run_pending(&mut self.store, max)
            }

            fn get_result(
                &mut self,
                id: u64,
            ) -> wasmtime::Result<
                Option<Result<wasmtime::component::ResourceAny, crate::model::WitError>>,
            > {
                let r = self
                    .bindings
                    .$guest()
                    .call_get_result(&mut self.store, id)?;
                Ok(r.map(|r| r.map_err(Into::into)))
            }

            fn cancel(&mut self, id: u64) -> wasmtime::Result<bool> {
                self.bindings.$guest().call_cancel(&mut self.store, id)
            }

            fn status(&mut self, id: u64) -> wasmtime::Result<Option<crate::model::Status>> {
                let status = self.bindings.$guest().call_status(&mut self.store, id)?;
                Ok(status.map(|s| match s {
                    sched::TaskStatus::Pending => crate::model::Status::Pending,
                    sched::TaskStatus::Running => crate::model::Status::Running,
                    sched::TaskStatus::Completed => crate::model::Status::Completed,
                    sched::TaskStatus::Failed => crate::model::Status::Failed,
                    sched::TaskStatus::Cancelled => crate::model::Status::Cancelled,
                }))
            }
        }
    };
}

pub(crate) use {convert_types, impl_codec, impl_frames, impl_image_ops, impl_scheduler};
