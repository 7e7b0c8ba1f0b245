# The same codec sources built for the build machine, and the unit tests
# that run them (under AddressSanitizer and UndefinedBehaviorSanitizer)
# against the committed goldens.

CODEC_NATIVE_DIR := $(CODEC_BUILD)/native
CODEC_TEST_BIN := $(CODEC_NATIVE_DIR)/codec-tests
# Written by the tests, checked by test/verify_encoded.py.
CODEC_ENCODED := $(CODEC_BUILD)/encoded

CODEC_NATIVE_OBJS := $(CODEC_CORE_SOURCES:$(CODEC_DIR)/src/%.cpp=$(CODEC_NATIVE_DIR)/obj/%.o)
CODEC_TEST_OBJS := $(CODEC_TEST_SOURCES:$(CODEC_DIR)/test/%.cpp=$(CODEC_NATIVE_DIR)/test/%.o)

CODEC_NATIVE_FLAGS := $(CODEC_NATIVE_DIR)/codec-flags
CODEC_NATIVE_COMPILE := $(CLANGXX) $(CODEC_NATIVE_CFLAGS) $(CODEC_CXXFLAGS)
$(CODEC_NATIVE_FLAGS): codec-flags-check | $(DEBIAN_OK)
	$(call codec_flags_file,$(CODEC_NATIVE_COMPILE))

$(CODEC_NATIVE_DIR)/obj/%.o: $(CODEC_DIR)/src/%.cpp $(CODEC_NATIVE_FLAGS) | $(CODEC_native_LIB_HEADERS)
	@mkdir -p $(@D)
	$(CLANGXX) $(CODEC_NATIVE_CFLAGS) $(CODEC_CXXFLAGS) $(CODEC_native_LIB_INCLUDES) \
	  -MD -MP -c $< -o $@

$(CODEC_NATIVE_DIR)/test/%.o: $(CODEC_DIR)/test/%.cpp $(CODEC_NATIVE_FLAGS) | $(CODEC_native_LIB_HEADERS)
	@mkdir -p $(@D)
	$(CLANGXX) $(CODEC_NATIVE_CFLAGS) $(CODEC_CXXFLAGS) $(CODEC_native_LIB_INCLUDES) \
	  -I$(CODEC_DIR)/test -MD -MP -c $< -o $@

$(CODEC_TEST_BIN): $(CODEC_NATIVE_OBJS) $(CODEC_TEST_OBJS) $(CODEC_native_LIBS)
	$(CLANGXX) $(CODEC_NATIVE_CFLAGS) $(CODEC_NATIVE_OBJS) $(CODEC_TEST_OBJS) $(CODEC_native_LIBS) -o $@

-include $(CODEC_NATIVE_OBJS:.o=.d) $(CODEC_TEST_OBJS:.o=.d)
