package org.lineshub.hub.web;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.ViewControllerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Addresses of the web UI's static pages that are not file names: the web chat demo at {@code /demo/}, and the
 * icon browsers ask for at {@code /favicon.ico} whatever a page declares.
 */
@Configuration(proxyBeanMethods = false)
class WebUiConfiguration implements WebMvcConfigurer {

    @Override
    public void addViewControllers(ViewControllerRegistry registry) {
        registry.addRedirectViewController("/demo", "/demo/");
        registry.addViewController("/demo/").setViewName("forward:/demo/index.html");
        registry.addRedirectViewController("/favicon.ico", "/favicon.svg");
    }
}
