// vue-i18n's bundler build reads these flags: composition API only, no devtools hooks in a release.
export const vueI18nDefine = {
  __VUE_I18N_FULL_INSTALL__: 'true',
  __VUE_I18N_LEGACY_API__: 'false',
  __INTLIFY_PROD_DEVTOOLS__: 'false',
  __INTLIFY_JIT_COMPILATION__: 'true',
}
